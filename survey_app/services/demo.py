"""The demo data set: one open survey round with believable Hà Giang answers.

Everything is drawn from one seed (numpy ``default_rng``): the same seed gives
the same rows, identifiers and timestamps, whatever the database and its ids.
What the draws follow (what each district wants, who lives there, which
employers are where, the demo accounts) is data, in ``data/demo_profiles.json``.

Reference data (regions, trades) must be loaded first; the demo never loads it.

Answer codes used where the schema has free strings (the survey form should use
the same): education none | primary | lower_secondary | upper_secondary |
vocational | college_university; current_work farming | wage_work |
self_employed | unemployed | housework | student; main_livelihood crops |
livestock | forestry | wage_work | trade_services | tourism | public_sector |
remittances; business size_band micro | small | medium | large; ownership
private | cooperative | state | foreign | household.
"""

import base64
import bisect
import hashlib
import itertools
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sqlalchemy import func, insert, or_, select

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessNeed,
    BusinessResponse,
    HouseholdMember,
    HouseholdResponse,
    Invitation,
    InvitationStatus,
    Level,
    NeedKind,
    PovertyStatus,
    Region,
    RegionLevel,
    ReviewStatus,
    Role,
    RoundStatus,
    RoundTarget,
    Sex,
    StudyPlace,
    SurveyRound,
    Trade,
    TradeChoice,
    User,
    UserArea,
    WorkAway,
)

PROFILES_PATH = Path(__file__).resolve().parent.parent / "data" / "demo_profiles.json"
# Asia/Ho_Chi_Minh has no daylight saving time: a fixed offset is exact.
LOCAL_TZ = timezone(timedelta(hours=7))
# Hà Giang's prefix in enterprise tax codes.
TAX_CODE_PROVINCE = "51"
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
EDUCATION_ORDER = ("none", "primary", "lower_secondary", "upper_secondary", "vocational",
                   "college_university")
URBAN_LIVELIHOODS = frozenset({"wage_work", "trade_services", "public_sector", "tourism",
                               "remittances"})


class DemoError(Exception):
    """The demo cannot be loaded; the message says why and what to do."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    full_name: str
    districts: tuple[str, ...]  # "026 Đồng Văn"
    password: str


@dataclass(frozen=True)
class DemoSummary:
    round_name: str
    accounts: list[DemoAccount]
    households: int
    members: int
    trade_choices: int
    businesses: int
    needs: int


def read_profiles(path: Path = PROFILES_PATH) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def demo_password(username: str, year: int) -> str:
    """The published password of a demo account: demo use only."""
    return f"demo-{username}-{year}"


def canonical_json(payload: dict) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload: dict) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def tax_code_check_digit(first_nine: str) -> int:
    """The tenth digit of a Vietnamese tax code; 10 means no valid code has these nine digits."""
    return 10 - sum(w * int(d) for w, d in zip(TAX_CODE_WEIGHTS, first_nine, strict=True)) % 11


def not_empty_reason(profiles: dict | None = None) -> str | None:
    """Why the database cannot take the demo (it holds survey data or demo accounts), or None."""
    profiles = profiles or read_profiles()
    if db.session.scalar(select(SurveyRound.name).limit(1)) is not None:
        return "a survey round already exists"
    if db.session.scalar(select(Business.id).limit(1)) is not None:
        return "businesses already exist"
    names = [a["username"] for a in profiles["accounts"]]
    taken = sorted(db.session.scalars(select(User.username).where(User.username.in_(names))))
    if taken:
        return f"accounts named {', '.join(taken)} already exist"
    return None


def load(households: int = 3800, businesses: int = 50, seed: int = 1) -> DemoSummary:
    """Create the demo round, accounts, household and business responses; flush, do not commit.

    Raises DemoError when reference data is missing or the database already
    holds survey data.
    """
    if households < 1 or businesses < 0:
        raise DemoError("The demo needs at least 1 household and 0 or more businesses.")
    profiles = read_profiles()
    reason = not_empty_reason(profiles)
    if reason:
        raise DemoError(f"The database is not empty: {reason}. The demo loads only into a "
                        "database without survey rounds, businesses or demo accounts.")
    fieldwork = profiles["fieldwork"]
    opens_on = date.fromisoformat(fieldwork["opens_on"])
    ref = _Reference.read(profiles, opens_on)
    household_rng, business_rng = np.random.default_rng(seed).spawn(2)

    users = _create_accounts(profiles, ref, opens_on)
    survey_round = _create_round(fieldwork, opens_on)
    allocation = _allocate(ref, households)
    db.session.execute(insert(RoundTarget), [
        {"round_id": survey_round.id, "commune_id": ref.commune_ids[code], "target_households": n}
        for code, n in allocation.items() if n > 0
    ])
    counts = _Households(profiles, ref, users, survey_round, household_rng).create(allocation)
    business_counts = _Businesses(profiles, ref, users, survey_round, business_rng).create(
        businesses)
    _reset_sequences(HouseholdResponse, HouseholdMember, Business, Invitation, BusinessResponse)
    db.session.flush()
    return DemoSummary(
        round_name=survey_round.name,
        accounts=[_account(spec, ref, fieldwork["year"]) for spec in profiles["accounts"]],
        households=counts[0], members=counts[1], trade_choices=counts[2],
        businesses=business_counts[0], needs=business_counts[1],
    )


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts in the database whose demo password still works."""
    profiles = read_profiles()
    year = profiles["fieldwork"]["year"]
    found = []
    for spec in profiles["accounts"]:
        user = db.session.scalar(select(User).where(User.username == spec["username"]))
        if user is not None and user.check_password(demo_password(user.username, year)):
            districts = tuple(sorted(f"{a.region.code} {a.region.name_vi}" for a in user.areas))
            found.append(DemoAccount(user.username, user.role, user.full_name, districts,
                                     demo_password(user.username, year)))
    return found


# Reference data and allocation


class _Commune(NamedTuple):
    code: str
    households: int
    lat: float
    lon: float
    name: str
    kind: str | None


@dataclass
class _Reference:
    districts: list[str]  # codes, sorted
    district_ids: dict[str, int]
    district_names: dict[str, str]
    communes: dict[str, list[_Commune]]  # by district code, sorted by code
    commune_ids: dict[str, int]
    trades: dict[str, Trade]

    @classmethod
    def read(cls, profiles: dict, on: date) -> "_Reference":
        valid = (Region.valid_from <= on, or_(Region.valid_to.is_(None), Region.valid_to > on))
        codes = sorted(profiles["districts"])
        districts = {r.code: r for r in db.session.scalars(
            select(Region).where(Region.level == RegionLevel.DISTRICT, Region.code.in_(codes),
                                 *valid)
        )}
        missing = [c for c in codes if c not in districts]
        if missing:
            raise DemoError(f"Reference data is not loaded (districts {', '.join(missing)} are "
                            "missing). Run `flask reference load` first.")
        by_id = {r.id: code for code, r in districts.items()}
        communes: dict[str, list[_Commune]] = {code: [] for code in codes}
        commune_ids = {}
        query = (select(Region).where(Region.level == RegionLevel.COMMUNE,
                                      Region.parent_id.in_(by_id), *valid).order_by(Region.code))
        for r in db.session.scalars(query):
            parent = districts[by_id[r.parent_id]]
            communes[by_id[r.parent_id]].append(_Commune(
                r.code, r.households or 0, r.lat or parent.lat, r.lon or parent.lon, r.name_vi,
                r.kind))
            commune_ids[r.code] = r.id
        empty = [c for c in codes if not communes[c]]
        if empty:
            raise DemoError(f"Reference data has no communes in districts {', '.join(empty)}. "
                            "Run `flask reference load` first.")
        wanted = _trade_codes(profiles)
        trades = {t.code: t
                  for t in db.session.scalars(select(Trade).where(Trade.code.in_(wanted)))}
        missing = sorted(set(wanted) - set(trades))
        if missing:
            raise DemoError(f"Reference data lacks the trades {', '.join(missing)} that the demo "
                            "profiles use. Run `flask reference load` first.")
        return cls(codes, {c: districts[c].id for c in codes},
                   {c: districts[c].name_vi for c in codes}, communes, commune_ids, trades)


def _trade_codes(profiles: dict) -> list[str]:
    codes = {code for d in profiles["districts"].values() for code in d["trades"]}
    codes |= {code for k in profiles["businesses"]["kinds"].values() for code in k["needs"]}
    return sorted(codes)


def largest_remainder(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into whole numbers that sum to it exactly.

    Every share gets ``minimum`` first when the total allows; ties go to the earlier weight.
    """
    n = len(weights)
    floor = minimum if total >= minimum * n else 0
    rest = total - floor * n
    weights = [max(w, 0) for w in weights]
    if not any(weights):
        weights = [1] * n
    exact = [rest * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(n), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [floor + s for s in shares]


def _allocate(ref: _Reference, households: int) -> dict[str, int]:
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


def _account(spec: dict, ref: _Reference, year: int) -> DemoAccount:
    return DemoAccount(spec["username"], Role(spec["role"]), spec["full_name"],
                       tuple(f"{c} {ref.district_names[c]}" for c in sorted(spec["districts"])),
                       demo_password(spec["username"], year))


def _create_accounts(profiles: dict, ref: _Reference, opens_on: date) -> dict[str, User]:
    created = _local(opens_on - timedelta(days=14), 8 * 60)
    users = {}
    for spec in profiles["accounts"]:
        user = User(username=spec["username"], full_name=spec["full_name"], role=Role(spec["role"]),
                    created_at=created, updated_at=created)
        user.set_password(demo_password(spec["username"], profiles["fieldwork"]["year"]))
        user.areas = [UserArea(region_id=ref.district_ids[c]) for c in sorted(spec["districts"])]
        db.session.add(user)
        users[user.username] = user
    db.session.flush()
    return users


def _create_round(fieldwork: dict, opens_on: date) -> SurveyRound:
    created = _local(opens_on - timedelta(days=7), 9 * 60)
    survey_round = SurveyRound(
        name=fieldwork["round_name"], year=fieldwork["year"], opens_on=opens_on,
        closes_on=date.fromisoformat(fieldwork["closes_on"]), status=RoundStatus.OPEN,
        created_at=created, updated_at=created,
    )
    db.session.add(survey_round)
    db.session.flush()
    return survey_round


# Drawing


class _Draw:
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


def _local(day: date, minutes: float) -> datetime:
    """``minutes`` after local midnight of ``day``, as UTC."""
    return (datetime.combine(day, time(0), LOCAL_TZ) + timedelta(minutes=minutes)).astimezone(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).isoformat()


class _Names:
    def __init__(self, profiles: dict, draw: _Draw):
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


def _short_place(commune_name: str) -> str:
    return re.sub(r"^(Phường|Xã|Thị trấn)\s+", "", commune_name)


class _Households:
    def __init__(self, profiles, ref: _Reference, users: dict[str, User], survey_round, rng):
        self.p = profiles
        self.ref = ref
        self.round = survey_round
        self.draw = _Draw(rng)
        self.rng = rng
        self.names = _Names(profiles, self.draw)
        self.year = profiles["fieldwork"]["year"]
        weeks = profiles["fieldwork"]["fieldwork_weeks"]
        # Surveyors work Monday to Saturday.
        days = (survey_round.opens_on + timedelta(days=i) for i in range(weeks * 7))
        self.days = [d for d in days if d.weekday() != 6 and d <= survey_round.closes_on]
        self.surveyors = {
            d: sorted(a["username"] for a in profiles["accounts"]
                      if a["role"] == "surveyor" and d in a["districts"])
            for d in ref.districts
        }
        uncovered = [d for d, names in self.surveyors.items() if not names]
        if uncovered:
            raise DemoError(f"No demo surveyor is assigned to districts {', '.join(uncovered)}.")
        supervised = {d for a in profiles["accounts"] if a["role"] == "supervisor"
                      for d in a["districts"]}
        self.user_ids = {name: user.id for name, user in users.items()}
        # The one demo supervisor reviews their districts; the admin stands in elsewhere.
        self.reviewer = {d: "supervisor" if d in supervised else "admin" for d in ref.districts}
        self.villages = {}

    def create(self, allocation: dict[str, int]) -> tuple[int, int, int]:
        responses = []
        for district in self.ref.districts:
            communes = [c for c in self.ref.communes[district] if allocation[c.code] > 0]
            targets = np.array([allocation[c.code] for c in communes], dtype=float)
            # Fieldwork never hits targets exactly: the district total holds, communes vary.
            drawn = self.rng.multinomial(int(targets.sum()), targets / targets.sum())
            for commune, n in zip(communes, drawn, strict=True):
                responses.extend(self.household(district, commune) for _ in range(n))
        responses.sort(key=lambda r: (r[0]["received_at"], r[0]["instance_id"]))
        ids = _insert_with_ids(HouseholdResponse, [r[0] for r in responses])
        members, choices = [], []
        for response_id, (_, people) in zip(ids, responses, strict=True):
            for member, trades in people:
                members.append({**member, "response_id": response_id})
                choices.append(trades)
        member_ids = _insert_with_ids(HouseholdMember, members)
        choice_rows = [
            {"member_id": member_id, "rank": rank, "trade_id": self.ref.trades[code].id}
            for member_id, codes in zip(member_ids, choices, strict=True)
            for rank, code in enumerate(codes, start=1)
        ]
        if choice_rows:
            db.session.execute(_bulk_insert(TradeChoice), choice_rows)
        return len(ids), len(member_ids), len(choice_rows)

    def village(self, commune: _Commune) -> str:
        if commune.kind == "phuong":  # towns are divided into numbered residential groups
            return f"Tổ {self.draw.between(1, 20)}"
        if commune.code not in self.villages:
            syllables = self.p["village_syllables"]
            first, second = syllables["first"], syllables["second"]
            self.villages[commune.code] = [
                f"Thôn {self.draw.uniform(first)} {self.draw.uniform(second)}" for _ in range(6)
            ]
        return self.draw.uniform(self.villages[commune.code])

    def household(self, district: str, commune: _Commune) -> tuple[dict, list]:
        d, draw = self.p["districts"][district], self.draw
        setting = self.p["settings"][d["setting"]]
        ethnicity = draw.weighted(d["ethnicity"])
        # Kinh families on the plateau are mostly officials and traders, rarely poor.
        poor_factor = 0.4 if ethnicity == "Kinh" else 1.0
        u = self.rng.random()
        poverty = (PovertyStatus.POOR if u < d["poor"] * poor_factor else
                   PovertyStatus.NEAR_POOR if u < (d["poor"] + d["near_poor"]) * poor_factor else
                   PovertyStatus.NONE)
        n_members = draw.weighted({1: 55, 2: 33, 3: 12})
        size = max(n_members, 2 + int(self.rng.binomial(7, setting["household_size_p"])))
        livelihood = draw.weighted(setting["livelihoods"])

        started = _local(draw.uniform(self.days), draw.between(450, 1050))
        short = draw.chance(0.03)
        minutes = (2 + self.rng.random() * 5 if short else
                   min(40.0, max(10.0, 6 + 7 * n_members + self.rng.normal(0, 5))))
        finished = started + timedelta(seconds=round(minutes * 60))
        # Tablets on the plateau often wait days for a signal before they sync.
        delay = (self.rng.random() * 30 if draw.chance(0.45) else
                 60 + self.rng.random() * (96 if d["setting"] == "plateau" else 36) * 60)
        received = finished + timedelta(seconds=round(delay * 60))
        gps = None
        if draw.chance(0.87):
            gps = (round(commune.lat + self.rng.normal(0, 0.015), 6),
                   round(commune.lon + self.rng.normal(0, 0.015), 6),
                   round(3 + self.rng.exponential(12), 1))
        status, comment = self.review(short)
        head_female = draw.chance(0.15)
        payload = {
            "commune_code": commune.code,
            "village": self.village(commune),
            "consent": True,
            "started_at": _iso(started),
            "finished_at": _iso(finished),
            "gps_lat": gps[0] if gps else None,
            "gps_lon": gps[1] if gps else None,
            "gps_accuracy_m": gps[2] if gps else None,
            "head_name": self.names.person(ethnicity, head_female),
            "phone": self.names.phone() if draw.chance(0.78) else None,
            "household_size": size,
            "ethnicity": ethnicity,
            "poverty_status": poverty.value,
            "main_livelihood": livelihood,
        }
        people = [self.member(i, d, setting, ethnicity, poverty, livelihood)
                  for i in range(1, n_members + 1)]
        payload["members"] = [{**m, "trades": trades} for m, trades in people]
        instance_id = uuid.UUID(bytes=self.rng.bytes(16), version=4)
        reviewed = status != ReviewStatus.RECEIVED
        row = {
            "instance_id": instance_id, "root_id": instance_id, "replaces": None, "version": 1,
            "is_current": True, "payload": payload, "payload_hash": payload_hash(payload),
            "round_id": self.round.id, "district_id": self.ref.district_ids[district],
            "commune_id": self.ref.commune_ids[commune.code], "village": payload["village"],
            "surveyor_id": self.user_ids[draw.uniform(self.surveyors[district])],
            "status": status, "review_comment": comment,
            "reviewed_by_id": self.user_ids[self.reviewer[district]] if reviewed else None,
            "reviewed_at": (received + timedelta(hours=2 + self.rng.random() * 118)
                            if reviewed else None),
            "started_at": started, "finished_at": finished, "received_at": received,
            "gps_lat": payload["gps_lat"], "gps_lon": payload["gps_lon"],
            "gps_accuracy_m": payload["gps_accuracy_m"], "consent": True,
            "head_name": payload["head_name"], "phone": payload["phone"],
            "household_size": size, "ethnicity": ethnicity, "poverty_status": poverty,
            "main_livelihood": livelihood,
        }
        members = [({**m, "sex": Sex(m["sex"]), "desired_level": Level(m["desired_level"]),
                     "study_place": StudyPlace(m["study_place"]),
                     "work_away": WorkAway(m["work_away"])}, trades) for m, trades in people]
        return row, members

    def review(self, short: bool) -> tuple[ReviewStatus, str | None]:
        comments = self.p["review_comments"]
        if short and self.draw.chance(0.6):
            return ReviewStatus.HAS_ISSUES, comments["short_interview"]
        status = ReviewStatus(self.draw.weighted(
            {"received": 62, "approved": 29, "has_issues": 6, "rejected": 3}))
        if status == ReviewStatus.HAS_ISSUES:
            return status, self.draw.uniform(comments["has_issues"])
        if status == ReviewStatus.REJECTED:
            return status, self.draw.uniform(comments["rejected"])
        return status, None

    def member(self, position, d, setting, ethnicity, poverty, livelihood) -> tuple[dict, list]:
        draw, rng = self.draw, self.rng
        female = draw.chance(0.5)
        u = rng.random()
        # A few ages outside 15–60 on purpose: the data-quality flags must find them.
        age = (draw.uniform((13, 14, 61, 62, 64, 66)) if u < 0.02 else
               draw.between(46, 58) if u < 0.12 else 16 + int(rng.beta(1.6, 2.6) * 30))
        education = draw.weighted(setting["education"])
        ceiling = 2 if age < 16 else 3 if age < 19 else len(EDUCATION_ORDER) - 1
        education = EDUCATION_ORDER[min(EDUCATION_ORDER.index(education), ceiling)]
        work = {"farming": 40, "wage_work": 15, "self_employed": 10, "unemployed": 15,
                "housework": 10 if female else 2, "student": 60 if age < 19 else 2}
        if livelihood in URBAN_LIVELIHOODS:
            work |= {"farming": 15, "wage_work": 35, "self_employed": 20}
        current_work = draw.weighted(work)

        trades = self.trades(d, female, age)
        typical = self.ref.trades[trades[0]].typical_level.value
        levels = self.p["levels_by_typical"].get(typical, self.p["levels_by_typical"]["so_cap"])
        level = draw.weighted(levels)
        places = dict(setting["study_place"])
        if level in ("trung_cap", "cao_dang"):
            places["district"] *= 3
            places["province"] *= 4
        study_place = draw.weighted(places)
        can_board = draw.chance(0.7 if study_place == "province" else 0.4 if age < 30 else 0.15)
        abroad_trade = any(t.startswith("NG") for t in trades)
        work_away, where = "no", None
        if 18 <= age <= 35:
            u = rng.random()
            if u < (0.55 if abroad_trade else 0.04):
                work_away = "abroad"
            elif u < (0.75 if abroad_trade else 0.24):
                work_away = "outside_province"
        elif draw.chance(0.05):
            work_away = "outside_province"
        if work_away != "no":
            where = draw.uniform(self.p["work_away_where"][work_away])
        lowland = d["setting"] in ("city", "lowland")
        member = {
            "position": position,
            "sex": "female" if female else "male",
            "birth_year": self.year - age,
            "education": education,
            "current_work": current_work,
            "desired_level": level,
            "max_duration_months": draw.uniform(self.p["max_duration_months"][level]),
            "study_place": study_place,
            "can_board": can_board,
            "work_away": work_away,
            "work_away_where": where,
            "constraints": draw.uniform(self.p["constraints"]) if draw.chance(0.14) else None,
            "poor_household": poverty == PovertyStatus.POOR,
            "near_poor_household": poverty == PovertyStatus.NEAR_POOR,
            "ethnic_minority": ethnicity != "Kinh",
            "disability": draw.chance(0.02),
            "revolutionary_merit": draw.chance(0.01),
            "demobilised_soldier": not female and 20 <= age <= 32 and draw.chance(0.07),
            "land_recovered": draw.chance(0.03 if lowland else 0.01),
            "woman_lost_job": female and lowland and 25 <= age <= 45 and draw.chance(0.04),
        }
        return member, trades

    def trades(self, d: dict, female: bool, age: int) -> list[str]:
        affinity = self.p["trade_affinity"]
        traits = ["female" if female else "male"]
        traits += ["young"] if age < 30 else ["older"] if age >= 40 else []
        codes = list(d["trades"])
        weights = []
        for code in codes:
            w = float(d["trades"][code])
            for trait in traits:
                w *= affinity.get(code, {}).get(trait, 1.0)
            weights.append(w)
        k = self.draw.weighted({1: 40, 2: 35, 3: 25})
        return self.draw.without_replacement(codes, weights, k)


class _Businesses:
    def __init__(self, profiles, ref: _Reference, users: dict[str, User], survey_round, rng):
        self.b = profiles["businesses"]
        self.p = profiles
        self.ref = ref
        self.round = survey_round
        self.draw = _Draw(rng)
        self.rng = rng
        self.names = _Names(profiles, self.draw)
        planner = next(a["username"] for a in profiles["accounts"] if a["role"] == "planner")
        self.planner_id = users[planner].id
        self.kind_weights = {k: v["weight"] for k, v in self.b["kinds"].items()}

    def create(self, count: int) -> tuple[int, int]:
        names, tax_codes, drawn = set(), set(), []
        for _ in range(count):
            drawn.append(self.business(names, tax_codes))
        if not drawn:
            return 0, 0
        business_ids = _insert_with_ids(Business, [b[0] for b in drawn])
        invitations = [{**b[1], "business_id": bid} for bid, b in zip(business_ids, drawn,
                                                                        strict=True)]
        invitation_ids = _insert_with_ids(Invitation, invitations)
        answered = [(bid, iid, b[2]) for bid, iid, b in zip(business_ids, invitation_ids, drawn,
                                                            strict=True) if b[2] is not None]
        response_ids = _insert_with_ids(BusinessResponse, [
            {**response, "business_id": bid, "invitation_id": iid}
            for bid, iid, (response, _) in answered
        ])
        needs = [{**need, "response_id": rid}
                 for rid, (_, _, (_, response_needs)) in zip(response_ids, answered, strict=True)
                 for need in response_needs]
        if needs:
            db.session.execute(_bulk_insert(BusinessNeed), needs)
        return len(business_ids), len(needs)

    def business(self, names: set, tax_codes: set) -> tuple[dict, dict, tuple | None]:
        draw, rng = self.draw, self.rng
        kind = self.b["kinds"][draw.weighted(self.kind_weights)]
        district = draw.weighted(kind["districts"])
        communes = self.ref.communes[district]
        commune = draw.pick(communes, [c.households or 1 for c in communes])
        for _ in range(50):
            template, ownership = draw.uniform(kind["names"])
            words = {"stem": draw.uniform(self.b["stems"]), "place": _short_place(commune.name)}
            name = template.format(**words)
            if name not in names:
                break
        else:
            name = f"{name} {len(names) + 1}"
        names.add(name)
        email_word = words["stem"] if "{stem}" in template else words["place"]
        tax_code = self.tax_code(tax_codes)
        created = _local(self.round.opens_on - timedelta(days=draw.between(3, 10)), 9 * 60)
        business = {
            "name": name, "tax_code": tax_code, "district_id": self.ref.district_ids[district],
            "commune_id": self.ref.commune_ids[commune.code], "sector": kind["sector"],
            "size_band": draw.weighted(kind["size_bands"]),
            "ownership": ownership or draw.weighted(kind["ownership"]),
            "created_at": created, "updated_at": created,
        }
        contact = self.names.person(draw.uniform(("Kinh", "Kinh", "Tày")), draw.chance(0.5))
        status = InvitationStatus(draw.weighted(
            {"submitted": 82, "in_progress": 8, "opened": 5, "not_opened": 5}))
        invited = _local(self.round.opens_on + timedelta(days=draw.between(0, 6)), 8 * 60)
        opened = (invited + timedelta(hours=2 + rng.random() * 400)
                  if status != InvitationStatus.NOT_OPENED else None)
        # The token itself is never kept; nobody can use a demo invitation link.
        token = base64.urlsafe_b64encode(rng.bytes(32)).rstrip(b"=")
        invitation = {
            "round_id": self.round.id, "token_hash": hashlib.sha256(token).hexdigest(),
            "status": status, "contact_name": contact, "contact_phone": self.names.phone(),
            "contact_email": _email(email_word) if draw.chance(0.6) else None,
            "created_by_id": self.planner_id, "opened_at": opened, "revoked_at": None,
            "created_at": invited, "updated_at": opened or invited,
        }
        response = None
        if status in (InvitationStatus.SUBMITTED, InvitationStatus.IN_PROGRESS):
            response = self.response(kind, business, invitation, opened)
        return business, invitation, response

    def tax_code(self, taken: set) -> str:
        while True:
            body = TAX_CODE_PROVINCE + "".join(str(self.draw.between(0, 9)) for _ in range(7))
            check = tax_code_check_digit(body)
            code = body + str(check)
            if check < 10 and body[2:] != "0000000" and code not in taken:
                taken.add(code)
                return code

    def response(self, kind, business, invitation, opened) -> tuple[dict, list[dict]]:
        draw, rng = self.draw, self.rng
        codes = list(kind["needs"])
        k = draw.weighted({1: 35, 2: 35, 3: 20, 4: 10})
        trades = draw.without_replacement(codes, [kind["needs"][c] for c in codes], k)
        low, high = kind["workers"]
        needs = []
        for position, code in enumerate(trades, start=1):
            trade = self.ref.trades[code]
            level = (trade.typical_level.value if draw.chance(0.7) else
                     draw.weighted(self.p["levels_by_typical"].get(
                         trade.typical_level.value, self.p["levels_by_typical"]["so_cap"])))
            bonus = {"trung_cap": 1.15, "cao_dang": 1.3}.get(level, 1.0)
            wage = self.b["wage_by_group"][trade.group] * bonus * (0.85 + 0.4 * rng.random())
            needs.append({
                "position": position,
                "kind": NeedKind.VACANCY if draw.chance(0.25) else NeedKind.PLAN,
                "trade_code": code,
                "workers": min(high, low + int(rng.exponential((high - low) / 3))),
                "level": level,
                "quarter": draw.between(1, 4),
                "wage_offered_vnd": int(round(wage, -5)),
            })
        big = business["size_band"] in ("medium", "large")
        flags = {
            "provide_trainers": draw.chance(0.45 if big else 0.2),
            "provide_workshop": draw.chance(0.5 if big else 0.25),
            "take_apprentices": draw.chance(0.6),
            "commit_to_hire": draw.chance(0.55 if big else 0.35),
            "co_fund": draw.chance(0.25 if big else 0.08),
        }
        submitted = invitation["status"] == InvitationStatus.SUBMITTED
        saved = opened + timedelta(minutes=5 + rng.random() * 60 * 24 * 5)
        payload = {
            "business_name": business["name"], "tax_code": business["tax_code"],
            "contact_name": invitation["contact_name"],
            "contact_phone": invitation["contact_phone"],
            "skills_lacking": kind["skills_lacking"], **flags,
            "needs": [{**n, "kind": n["kind"].value} for n in needs],
        }
        row = {
            "round_id": self.round.id, "version": 1, "is_current": True, "submitted": submitted,
            "saved_at": saved, "submitted_at": saved if submitted else None, "payload": payload,
            "contact_name": invitation["contact_name"],
            "contact_phone": invitation["contact_phone"],
            "skills_lacking": kind["skills_lacking"], **flags,
        }
        need_rows = [{
            "position": n["position"], "kind": n["kind"],
            "trade_id": self.ref.trades[n["trade_code"]].id, "other_text": None,
            "workers": n["workers"], "level": Level(n["level"]), "quarter": n["quarter"],
            "wage_offered_vnd": n["wage_offered_vnd"],
        } for n in needs]
        return row, need_rows


def _email(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z]", "", ascii_name.encode("ascii", "ignore").decode().lower()) + \
        ".hagiang@gmail.com"


def _insert_with_ids(model, rows: list[dict]) -> list[int]:
    """Bulk insert ``rows`` under ids counted on from the table's largest; return the ids.

    Children need their parents' ids, and RETURNING with a guaranteed order
    falls back to one statement per row on SQLite: minutes instead of a second.
    """
    start = (db.session.scalar(select(func.max(model.id))) or 0) + 1
    ids = list(range(start, start + len(rows)))
    if rows:
        db.session.execute(_bulk_insert(model), [{**row, "id": i} for i, row in zip(ids, rows,
                                                                                    strict=True)])
    return ids


def _bulk_insert(model):
    # Without render_nulls the ORM leaves out None values, so rows with their
    # NULLs in different columns are sent in separate batches: one per row here.
    return insert(model).execution_options(render_nulls=True)


def _reset_sequences(*models) -> None:
    """Move PostgreSQL's id sequences past the ids set by hand, so later inserts do not collide."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__
        db.session.execute(select(func.setval(
            func.pg_get_serial_sequence(table.name, "id"),
            select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery(),
            False,
        )))
