"""Data-quality flags a supervisor sees beside each household response (issue 3).

Four flags, each with a code, a translated label and a detail:

- ``duplicate``: another current, not rejected response of the same round and
  commune has the same head-of-household name (ignoring case and accents) or
  the same phone number;
- ``short``: the interview (finished − started) took less than
  ``QualityRules.short_share`` of the round's median, or less than
  ``QualityRules.short_minutes`` whatever the median ("9 minutes; usual 24");
- ``far``: the GPS position lies more than ``QualityRules.far_km`` from the
  commune's centroid;
- ``age``: a member is younger than ``min_age`` or older than ``max_age`` in the
  round's year (the ages vocational training support is meant for).

The flags are computed for the responses matched by a set of conditions: the
rows of one page, or a supervisor's districts when the queue is filtered by a
flag. Only small tuples are read (never whole responses); the median and the
out-of-range ages are found by the database.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from survey_app.extensions import db
from survey_app.models import HouseholdMember, HouseholdResponse, Region, ReviewStatus, SurveyRound
from survey_app.text import fold

R = HouseholdResponse
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class QualityRules:
    """When a response is flagged; the defaults are the ones issue 3 asks for."""

    # Shorter than this share of the round's median duration is "much shorter than usual"…
    short_share: float = 0.4
    # …and so is anything shorter than this, however short the usual interview is.
    short_minutes: float = 8.0
    # Farther than this from the commune's centroid is "far from the commune".
    far_km: float = 10.0
    # Ages (in the round's year) for which training support is meant.
    min_age: int = 15
    max_age: int = 60


DEFAULT_RULES = QualityRules()

FLAG_LABELS = {
    "duplicate": _l("Likely duplicate household"),
    "short": _l("Interview much shorter than usual"),
    "far": _l("GPS far from the commune"),
    "age": _l("Member's age outside 15–60"),
}


@dataclass(frozen=True)
class Flag:
    """One flag on one response; ``values`` feed the detail, worded when shown."""

    code: str
    values: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(FLAG_LABELS[self.code])

    @property
    def detail(self) -> str:
        v = self.values
        if self.code == "duplicate":
            if v["same_name"] and v["same_phone"]:
                return _("Same head-of-household name and phone as %(count)s other response(s)",
                         count=format_decimal(len(v["others"])))
            if v["same_name"]:
                return _("Same head-of-household name as %(count)s other response(s)",
                         count=format_decimal(len(v["others"])))
            return _("Same phone as %(count)s other response(s)",
                     count=format_decimal(len(v["others"])))
        if self.code == "short":
            return _("%(minutes)s minutes; usual %(usual)s",
                     minutes=format_decimal(v["minutes"]), usual=format_decimal(v["usual"]))
        if self.code == "far":
            return _("%(km)s km from the commune centre", km=format_decimal(v["km"], "#,##0.0"))
        return "; ".join(
            _("Member %(position)s: %(age)s years old", position=format_decimal(position),
              age=format_decimal(age))
            for position, age in v["members"]
        )


def flags(conditions: Iterable, rules: QualityRules = DEFAULT_RULES) -> dict[int, list[Flag]]:
    """The flags of the current responses matching ``conditions``, by response id.

    Every matched response has an entry, empty when nothing is wrong.
    """
    conditions = list(conditions)
    rows = db.session.execute(
        select(R.id, R.round_id, R.commune_id, R.head_name, R.phone, R.started_at, R.finished_at,
               R.gps_lat, R.gps_lon, Region.lat, Region.lon)
        .join(Region, Region.id == R.commune_id)
        .where(R.is_current, *conditions)
    ).all()
    found: dict[int, list[Flag]] = {row.id: [] for row in rows}
    for response_id, flag in [*_duplicates(rows), *_short(rows, rules), *_far(rows, rules),
                              *_ages(conditions, rules)]:
        found[response_id].append(flag)
    return found


def flag_counts(conditions: Iterable, rules: QualityRules = DEFAULT_RULES) -> dict[str, int]:
    """How many of the current responses matching ``conditions`` carry each flag."""
    counts = Counter(code for found in flags(conditions, rules).values()
                     for code in {flag.code for flag in found})
    return {code: counts.get(code, 0) for code in FLAG_LABELS}


def status_counts(survey_round: SurveyRound) -> dict[ReviewStatus, int]:
    """The round's current responses per review status (a status no response has is left out)."""
    return dict(db.session.execute(
        select(R.status, func.count()).where(R.round_id == survey_round.id, R.is_current)
        .group_by(R.status)).all())


def flagged_ids(code: str, conditions: Iterable,
                rules: QualityRules = DEFAULT_RULES) -> list[int]:
    """Ids of the current responses matching ``conditions`` that carry the flag ``code``."""
    return [rid for rid, found in flags(conditions, rules).items()
            if any(flag.code == code for flag in found)]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km(response: HouseholdResponse) -> float | None:
    """How far the response's GPS position is from its commune's centroid, if both exist."""
    commune = response.commune
    if None in (response.gps_lat, response.gps_lon, commune.lat, commune.lon):
        return None
    return haversine_km(response.gps_lat, response.gps_lon, commune.lat, commune.lon)


def duration_minutes(started: datetime | None, finished: datetime | None) -> float | None:
    if started is None or finished is None:
        return None
    return (_utc(finished) - _utc(started)).total_seconds() / 60


def _duplicates(rows):
    """Compared with every current, not rejected response of the same communes and rounds.

    Names are folded in Python (accents cannot be stripped the same way on both
    backends); a commune holds a few hundred responses at most.
    """
    places = {(row.round_id, row.commune_id) for row in rows}
    if not places:
        return
    peers = db.session.execute(
        select(R.id, R.round_id, R.commune_id, R.head_name, R.phone).where(
            R.is_current, R.status != ReviewStatus.REJECTED,
            R.commune_id.in_({commune for _round, commune in places}),
            R.round_id.in_({round_id for round_id, _commune in places}),
        )
    ).all()
    by_name, by_phone = defaultdict(set), defaultdict(set)
    # Folding names is most of the work: each response's keys are made once, as a peer.
    keys = {peer.id: (_name_key(peer.head_name), _phone_key(peer.phone)) for peer in peers}
    for peer in peers:
        name, phone = keys[peer.id]
        if name:
            by_name[peer.round_id, peer.commune_id, name].add(peer.id)
        if phone:
            by_phone[peer.round_id, peer.commune_id, phone].add(peer.id)
    for row in rows:
        place = (row.round_id, row.commune_id)
        name, phone = keys.get(row.id) or (_name_key(row.head_name), _phone_key(row.phone))
        same_name = by_name.get((*place, name), set()) - {row.id}
        same_phone = by_phone.get((*place, phone), set()) - {row.id}
        if same_name or same_phone:
            yield row.id, Flag("duplicate", {
                "same_name": bool(same_name), "same_phone": bool(same_phone),
                "others": sorted(same_name | same_phone),
            })


def _name_key(name: str | None) -> str:
    return " ".join(fold(name or "").split())


def _phone_key(phone: str | None) -> str:
    return "".join(c for c in phone or "" if c.isdigit())


def _short(rows, rules: QualityRules):
    medians = {round_id: median_minutes(round_id) for round_id in {row.round_id for row in rows}}
    for row in rows:
        minutes = duration_minutes(row.started_at, row.finished_at)
        usual = medians[row.round_id]
        if minutes is None or usual is None:
            continue
        if minutes < max(rules.short_share * usual, rules.short_minutes):
            yield row.id, Flag("short", {"minutes": round(minutes), "usual": round(usual)})


def median_minutes(round_id: int) -> float | None:
    """The median interview duration of the round's current, not rejected responses.

    Found by the database: the middle one or two rows ordered by duration.
    """
    seconds = _seconds_expression()
    timed = (R.round_id == round_id, R.is_current, R.status != ReviewStatus.REJECTED,
             R.started_at.is_not(None), R.finished_at.is_not(None))
    count = db.session.scalar(select(func.count()).where(*timed))
    if not count:
        return None
    middle = db.session.scalars(
        select(seconds).where(*timed).order_by(seconds).offset((count - 1) // 2)
        .limit(2 - count % 2)
    ).all()
    return sum(float(s) for s in middle) / len(middle) / 60


def _seconds_expression():
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", R.finished_at - R.started_at)
    # SQLite keeps timestamps as text in UTC; julianday reads them as days.
    return (func.julianday(R.finished_at) - func.julianday(R.started_at)) * 86400


def _far(rows, rules: QualityRules):
    for row in rows:
        if None in (row.gps_lat, row.gps_lon, row.lat, row.lon):
            continue
        km = haversine_km(row.gps_lat, row.gps_lon, row.lat, row.lon)
        if km > rules.far_km:
            yield row.id, Flag("far", {"km": km})


def _ages(conditions: list, rules: QualityRules):
    age = SurveyRound.year - HouseholdMember.birth_year
    out_of_range = db.session.execute(
        select(HouseholdMember.response_id, HouseholdMember.position, age)
        .join(R, R.id == HouseholdMember.response_id)
        .join(SurveyRound, SurveyRound.id == R.round_id)
        .where(R.is_current, *conditions, or_(age < rules.min_age, age > rules.max_age))
        .order_by(HouseholdMember.response_id, HouseholdMember.position)
    ).all()
    members = defaultdict(list)
    for response_id, position, years in out_of_range:
        members[response_id].append((position, years))
    for response_id, found in members.items():
        yield response_id, Flag("age", {"members": found})


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive UTC timestamps.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
