"""Seeded draws, names and phone numbers, local times, and the household allocation."""

import bisect
import itertools
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone

import numpy as np

from survey_app.services.allocation import largest_remainder
from survey_app.services.demo.profiles import Reference

# Asia/Ho_Chi_Minh has no daylight saving time: a fixed offset is exact.
LOCAL_TZ = timezone(timedelta(hours=7))


class Draw:
    """Weighted and uniform draws, each from one uniform number.

    ``Generator.choice`` validates its arguments on every call, which costs
    more than the rest of a household's generation together.
    """

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def pick(self, items, weights):
        cumulative = list(itertools.accumulate(weights))
        return items[bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def weighted(self, weights: dict):
        return self.pick(list(weights), list(weights.values()))

    def without_replacement(self, items: list, weights: list[float], k: int) -> list:
        weights, chosen = list(weights), []
        while len(chosen) < k and any(w > 0 for w in weights):
            index = self.pick(range(len(items)), weights)
            chosen.append(items[index])
            weights[index] = 0
        return chosen

    def uniform(self, items):
        return items[int(self.rng.random() * len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, both included."""
        return low + int(self.rng.random() * (high - low + 1))


def local(day: date, minutes: float) -> datetime:
    """``minutes`` after local midnight of ``day``, as UTC."""
    return (datetime.combine(day, time(0), LOCAL_TZ) + timedelta(minutes=minutes)).astimezone(UTC)


def iso(moment: datetime) -> str:
    """``moment`` in local time, ISO 8601 with its offset, as a tablet would send it."""
    return moment.astimezone(LOCAL_TZ).isoformat()


class Names:
    def __init__(self, profiles: dict, draw: Draw):
        self.names = profiles["names"]
        self.draw = draw

    def person(self, ethnicity: str, female: bool) -> str:
        style = self.names[self.names["style_of"].get(ethnicity, "tay")]
        sex = "female" if female else "male"
        parts = (style["family"], style[f"middle_{sex}"], style[f"given_{sex}"])
        return " ".join(self.draw.uniform(names) for names in parts)

    def phone(self) -> str:
        prefix = self.draw.uniform(("086", "096", "097", "098", "035", "038", "091", "094", "088",
                                    "083", "090", "093", "070", "079"))
        return prefix + "".join(str(self.draw.between(0, 9)) for _ in range(7))


def short_place(commune_name: str) -> str:
    """A commune's name without its ``Phường``/``Xã``/``Thị trấn`` prefix."""
    return re.sub(r"^(Phường|Xã|Thị trấn)\s+", "", commune_name)


def email(name: str) -> str:
    """A made-up Gmail address from ``name``, without diacritics."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z]", "", ascii_name.encode("ascii", "ignore").decode().lower()) + \
        ".hagiang@gmail.com"


def allocate(ref: Reference, households: int) -> dict[str, int]:
    """Household targets per commune code, proportional to commune households.

    Districts are split first, each getting at least one household when
    there are enough, so every district is in the demo even at small sizes.
    """
    per_district = largest_remainder(
        households, [sum(c.households for c in ref.communes[d]) for d in ref.districts], minimum=1)
    allocation = {}
    for district, n in zip(ref.districts, per_district, strict=True):
        communes = ref.communes[district]
        shares = largest_remainder(n, [c.households for c in communes])
        for commune, share in zip(communes, shares, strict=True):
            allocation[commune.code] = share
    return allocation
