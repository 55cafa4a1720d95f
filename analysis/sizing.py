"""Course sizing: trainees at a site → classes under the legal caps (DESIGN.md §5.4).

The cap comes from one rule of the class_rules table (``class_rule``: ``practice_class`` by default,
since elementary vocational training is mostly practice and its cap is the stricter one; theory
lessons can join two practice classes). Trainees who are ``small_cap`` (very small ethnic minority
or disability) must sit in classes under the rule's lower cap (``applies_to`` =
``very_small_ethnic_minority_or_disability``); other trainees may join those classes too.

Small-cap trainees do not get classes of their own: with the default caps (10 for them, 18
otherwise) and a provincial minimum of 10, a class of their own would have to be exactly full. So a
site has some lower-cap classes, holding every seated small-cap trainee (at least one each) and
topped up with others, and general classes for the rest; the split seats the most trainees, then
the most small-cap ones, then uses the fewest classes, with sizes as even as the caps allow. No
class is below the minimum (for a lower-cap class, the minimum or its cap if lower). Whoever cannot
be seated (a site below the minimum, or a remainder too small for one more class) is reported, not
dropped. Sites are not merged to reach the minimum: every trainee who accepted the distance to a
bigger site's host was already placed there (see ``analysis.sites``).
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.inputs import InputError

SMALL_CAP_GROUP = "very_small_ethnic_minority_or_disability"
GENERAL_GROUP = "general"


def class_caps(class_rules: pd.DataFrame, rule: str) -> tuple[int, int]:
    """The (general, small-cap) caps of ``rule``; the small-cap one defaults to the general one."""
    rows = class_rules[class_rules["rule"] == rule].set_index("applies_to")["max_learners"]
    if GENERAL_GROUP not in rows.index:
        raise InputError(
            "class_rules", f"no '{GENERAL_GROUP}' cap for the rule '{rule}'", column="applies_to"
        )
    general = int(rows[GENERAL_GROUP])
    return general, min(general, int(rows.get(SMALL_CAP_GROUP, general)))


@dataclass(frozen=True)
class Split:
    """The classes of one site: sizes of the lower-cap and of the general classes."""

    small_classes: tuple[int, ...]
    general_classes: tuple[int, ...]
    seated_small: int
    """Small-cap trainees seated (all in ``small_classes``)."""
    seated_general: int

    @property
    def seated(self) -> int:
        return self.seated_small + self.seated_general


def split_classes(trainees: int, small_cap: int, cap: int, cap_small: int, minimum: int) -> Split:
    """Classes for ``trainees`` people of whom ``small_cap`` need the lower cap.

    Every class holds between the minimum and its cap (a lower-cap class needs only
    min(``minimum``, ``cap_small``): the law's lower cap cannot be made impossible by a provincial
    minimum above it); small-cap trainees sit only in lower-cap classes. Chooses the numbers of
    classes seating the most people, then the most small-cap people, then the fewest classes
    (ties: fewer lower-cap classes), and fills them as evenly as the caps allow.
    """
    small_cap = min(small_cap, trainees)
    general = trainees - small_cap
    min_small, min_general = max(1, min(minimum, cap_small)), max(1, min(minimum, cap))
    best = None
    # More lower-cap classes than the small-cap trainees fill can still help: they also seat
    # others left too few for a general class. Each holds at least one small-cap trainee.
    for k_small in range(
        min(math.ceil(trainees / cap_small), trainees // min_small, small_cap) + 1
    ):
        most_general = min(
            general // min_general,
            (trainees - k_small * min_small) // min_general,
            math.ceil(general / cap),
        )
        seated = min(trainees, k_small * cap_small + min(general, most_general * cap))
        # The fewest general classes still seating as many.
        k_general = math.ceil(max(0, min(general, seated - k_small * cap_small)) / cap)
        # How many sit in general classes: small-cap trainees first into the lower-cap classes,
        # then as even a fill (share of capacity) as the bounds allow.
        low = max(k_general * min_general, seated - k_small * cap_small)
        high = min(
            k_general * cap,
            general,
            seated - k_small * min_small,
            seated - min(small_cap, k_small * cap_small, seated - k_general * min_general),
        )
        capacity = k_small * cap_small + k_general * cap
        even = round(seated * k_general * cap / capacity) if capacity else 0
        in_general = min(max(even, low), high)
        seated_small = min(small_cap, seated - in_general)
        key = (-seated, -seated_small, k_small + k_general, k_small)
        if best is None or key < best[0]:
            best = (key, k_small, k_general, in_general, seated_small, seated)
    _, k_small, k_general, in_general, seated_small, seated = best
    return Split(
        small_classes=_even(seated - in_general, k_small),
        general_classes=_even(in_general, k_general),
        seated_small=seated_small,
        seated_general=seated - seated_small,
    )


def _even(total: int, classes: int) -> tuple[int, ...]:
    """``total`` split into ``classes`` sizes differing by at most one, largest first."""
    if classes == 0:
        return ()
    base, extra = divmod(total, classes)
    return tuple([base + 1] * extra + [base] * (classes - extra))


def size_sites(sites: pd.DataFrame, *, cap: int, cap_small: int, minimum: int) -> pd.DataFrame:
    """Classes for every site.

    ``sites`` has ``trainees`` and ``small_cap`` (whole people) per row; the result adds
    ``small_classes`` and ``general_classes`` (tuples of sizes), ``classes``, ``seated``,
    ``seated_small``, ``seated_general`` and ``unseated``.
    """
    trainees = sites["trainees"].to_numpy(dtype="int64")
    small = sites["small_cap"].to_numpy(dtype="int64")
    # Without small-cap trainees the split is general classes only: worked out for all at once.
    min_general = max(1, min(minimum, cap))
    classes = np.minimum(trainees // min_general, -(-trainees // cap))
    seated_general = np.minimum(trainees, classes * cap)
    classes = -(-seated_general // cap)
    general_classes = [
        _even(int(n), int(k)) if k else ()
        for n, k in zip(seated_general.tolist(), classes.tolist(), strict=True)
    ]
    small_classes = [()] * len(trainees)
    seated_small = np.zeros(len(trainees), dtype="int64")
    for i in np.flatnonzero(small > 0).tolist():
        split = split_classes(int(trainees[i]), int(small[i]), cap, cap_small, minimum)
        small_classes[i], general_classes[i] = split.small_classes, split.general_classes
        seated_small[i], seated_general[i] = split.seated_small, split.seated_general
    out = sites.assign(
        small_classes=small_classes,
        general_classes=general_classes,
        seated_small=seated_small,
        seated_general=seated_general,
    )
    out["classes"] = out["small_classes"].map(len) + out["general_classes"].map(len)
    out["seated"] = out["seated_small"] + out["seated_general"]
    out["unseated"] = out["trainees"] - out["seated"]
    return out


def apportion(weights: pd.Series, groups: pd.Series, totals: pd.Series) -> np.ndarray:
    """Whole numbers per row summing to ``totals[group]`` within each group, in proportion to
    ``weights`` (largest remainders; ties to the earlier row). Rows must be in a fixed order.

    Seats a site's whole trainees back onto its home communes and support groups, whose estimates
    are fractions of people.
    """
    weights = weights.to_numpy(dtype=float)
    group_total = pd.Series(weights).groupby(groups.to_numpy()).transform("sum").to_numpy()
    target = totals.reindex(groups.to_numpy()).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        quota = np.where(group_total > 0, weights * target / group_total, 0.0)
    # Rounded first, so that a quota of 3.0 computed as 2.9999999 still gives 3.
    quota = np.round(quota, 9)
    base = np.floor(quota)
    short = target - pd.Series(base).groupby(groups.to_numpy()).transform("sum").to_numpy()
    order = pd.DataFrame(
        {"g": groups.to_numpy(), "r": base - quota, "i": np.arange(len(weights))}
    ).sort_values(["g", "r", "i"], kind="stable")
    rank = order.groupby("g", sort=False).cumcount().to_numpy()
    extra = np.zeros(len(weights))
    extra[order["i"].to_numpy()] = rank < short[order["i"].to_numpy()]
    return (base + extra).astype("int64")
