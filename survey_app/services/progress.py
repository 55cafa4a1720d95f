"""Where the survey stands: responses against targets, per commune, district and surveyor.

Counts read the current version of each response. A rejected response is
counted on its own and never as done: done means received, approved or sent
back to fix (has issues). "Today" is the province's calendar day; a response
counts on the day its current version reached the server, so an edit moves it
to the day of the edit.

Everything is counted by the database (GROUP BY); Python only adds up the
commune rows, of which a province has a few hundred.
"""

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from survey_app.extensions import db
from survey_app.models import (
    BusinessResponse,
    HouseholdMember,
    HouseholdResponse,
    Region,
    RegionLevel,
    ReviewStatus,
    Role,
    RoundTarget,
    SurveyRound,
    User,
    UserArea,
)

# The province's day, whatever the server's clock is set to (BABEL_DEFAULT_TIMEZONE).
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DONE = (ReviewStatus.RECEIVED, ReviewStatus.APPROVED, ReviewStatus.HAS_ISSUES)
R = HouseholdResponse


@dataclass
class Counts:
    """Responses against a target; ``mine`` counts one surveyor's share of ``done``."""

    target: int = 0
    received: int = 0
    approved: int = 0
    has_issues: int = 0
    rejected: int = 0
    today: int = 0
    mine: int = 0

    @property
    def done(self) -> int:
        return self.received + self.approved + self.has_issues

    @property
    def percent(self) -> int | None:
        """Done as a whole percentage of the target; None without a target."""
        return round(100 * self.done / self.target) if self.target else None

    def add(self, other: "Counts") -> None:
        for name in ("target", "received", "approved", "has_issues", "rejected", "today", "mine"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CommuneProgress(Counts):
    commune_id: int = 0
    commune_name: str = ""
    district_id: int = 0
    district_code: str = ""
    district_name: str = ""


@dataclass
class DistrictProgress(Counts):
    district_id: int = 0
    district_code: str = ""
    district_name: str = ""
    communes: list[CommuneProgress] = field(default_factory=list)


@dataclass(frozen=True)
class Tally:
    """A surveyor's responses: done, done today, and sent back to fix."""

    done: int
    today: int
    sent_back: int


@dataclass(frozen=True)
class SurveyorProgress(Tally):
    user_id: int
    full_name: str


@dataclass(frozen=True)
class SentBack:
    """A response the supervisor sent back to its surveyor, with the reason."""

    response_id: int
    commune_name: str
    village: str | None
    head_name: str | None
    sent_back_at: datetime
    comment: str | None
    instance_id: uuid.UUID


def local_today(now: datetime | None = None) -> date:
    """The province's calendar day at ``now`` (default: this moment)."""
    return (now or datetime.now(UTC)).astimezone(LOCAL_TZ).date()


def day_start(day: date) -> datetime:
    """Local midnight at the start of ``day``, in UTC: compared with UTC timestamps on both
    backends, without date functions that differ between SQLite and PostgreSQL."""
    return datetime.combine(day, time(0), LOCAL_TZ).astimezone(UTC)


def area_communes(region_ids: Collection[int], on: date) -> list[int]:
    """Ids of the communes valid on ``on`` among ``region_ids`` or inside its districts."""
    if not region_ids:
        return []
    return list(db.session.scalars(
        select(Region.id).where(
            Region.level == RegionLevel.COMMUNE,
            or_(Region.id.in_(region_ids), Region.parent_id.in_(region_ids)),
            Region.valid_from <= on,
            or_(Region.valid_to.is_(None), Region.valid_to > on),
        )
    ))


def round_figures(survey_round: SurveyRound) -> dict[str, int]:
    """Households answered and their members wanting training, as progress ("done") and plans
    count them: current versions, not rejected; the rejected responses; businesses answered."""
    households = (R.round_id == survey_round.id, R.is_current, R.status.in_(DONE))
    return {
        "households": db.session.scalar(select(func.count()).where(*households)),
        "members": db.session.scalar(
            select(func.count(HouseholdMember.id)).join(HouseholdMember.response)
            .where(*households)
        ),
        "rejected": db.session.scalar(select(func.count()).where(
            R.round_id == survey_round.id, R.is_current, R.status == ReviewStatus.REJECTED)),
        "businesses": db.session.scalar(
            select(func.count()).where(BusinessResponse.round_id == survey_round.id,
                                       BusinessResponse.is_current, BusinessResponse.submitted)
        ),
    }


def commune_progress(
    survey_round: SurveyRound,
    today: date,
    commune_ids: Collection[int] | None = None,
    surveyor_id: int | None = None,
) -> list[CommuneProgress]:
    """Targets and responses per commune, by district code then commune code.

    ``commune_ids`` limits the rows to those communes (every one is listed, with
    zeros where nothing was done); None lists every commune that has a target
    or a response in the round. ``mine`` counts ``surveyor_id``'s responses.
    """
    scope = [] if commune_ids is None else [R.commune_id.in_(commune_ids)]
    since = day_start(today)
    counted = db.session.execute(
        select(
            R.commune_id,
            *(_count(R.status == status) for status in ReviewStatus),
            _count(and_(R.status.in_(DONE), R.received_at >= since)),
            _count(and_(R.status.in_(DONE), R.surveyor_id == surveyor_id)),
        )
        .where(R.round_id == survey_round.id, R.is_current, *scope)
        .group_by(R.commune_id)
    ).all()
    targets = dict(db.session.execute(
        select(RoundTarget.commune_id, RoundTarget.target_households).where(
            RoundTarget.round_id == survey_round.id,
            *([] if commune_ids is None else [RoundTarget.commune_id.in_(commune_ids)]),
        )
    ).all())
    if commune_ids is None:
        commune_ids = set(targets) | {row[0] for row in counted}
    rows = {
        commune.id: CommuneProgress(
            commune_id=commune.id, commune_name=commune.name_vi, district_id=district.id,
            district_code=district.code, district_name=district.name_vi,
            target=targets.get(commune.id, 0),
        )
        for commune, district in _with_district(commune_ids)
    }
    statuses = [status.value for status in ReviewStatus]  # the values name the Counts fields
    for commune_id, *numbers in counted:
        row = rows[commune_id]
        for name, number in zip([*statuses, "today", "mine"], numbers, strict=True):
            setattr(row, name, number)
    return list(rows.values())


def by_district(communes: Iterable[CommuneProgress]) -> list[DistrictProgress]:
    """The commune rows added up per district, in the order the communes come."""
    districts: dict[int, DistrictProgress] = {}
    for commune in communes:
        district = districts.setdefault(commune.district_id, DistrictProgress(
            district_id=commune.district_id, district_code=commune.district_code,
            district_name=commune.district_name,
        ))
        district.add(commune)
        district.communes.append(commune)
    return list(districts.values())


def total(rows: Iterable[Counts]) -> Counts:
    whole = Counts()
    for row in rows:
        whole.add(row)
    return whole


def surveyor_progress(
    survey_round: SurveyRound, today: date, commune_ids: Collection[int]
) -> list[SurveyorProgress]:
    """Per surveyor working in ``commune_ids``: done, done today and sent back, by name.

    A surveyor assigned there (to one of the communes or to their district)
    shows with zeros before their first response: a supervisor needs to see
    who has not started.
    """
    if not commune_ids:
        return []
    since = day_start(today)
    counted = {
        user_id: numbers for user_id, *numbers in db.session.execute(
            select(
                R.surveyor_id,
                _count(R.status.in_(DONE)),
                _count(and_(R.status.in_(DONE), R.received_at >= since)),
                _count(R.status == ReviewStatus.HAS_ISSUES),
            )
            .where(R.round_id == survey_round.id, R.is_current, R.commune_id.in_(commune_ids))
            .group_by(R.surveyor_id)
        )
    }
    districts = select(Region.parent_id).where(Region.id.in_(commune_ids))
    assigned = select(UserArea.user_id).where(
        or_(UserArea.region_id.in_(commune_ids), UserArea.region_id.in_(districts))
    )
    people = db.session.execute(
        select(User.id, User.full_name)
        .where(or_(User.id.in_(list(counted)),
                   and_(User.id.in_(assigned), User.role == Role.SURVEYOR, User.active)))
        .order_by(User.full_name, User.id)
    ).all()
    return [SurveyorProgress(*counted.get(user_id, (0, 0, 0)), user_id=user_id, full_name=name)
            for user_id, name in people]


def surveyor_totals(survey_round: SurveyRound, surveyor_id: int, today: date) -> Tally:
    """One surveyor's responses in the round, wherever they were made."""
    since = day_start(today)
    done, done_today, sent_back = db.session.execute(
        select(
            _count(R.status.in_(DONE)),
            _count(and_(R.status.in_(DONE), R.received_at >= since)),
            _count(R.status == ReviewStatus.HAS_ISSUES),
        ).where(R.round_id == survey_round.id, R.is_current, R.surveyor_id == surveyor_id)
    ).one()
    return Tally(done, done_today, sent_back)


def sent_back(survey_round: SurveyRound, surveyor_id: int) -> list[SentBack]:
    """The surveyor's responses sent back to fix, the most recently sent back first."""
    when = func.coalesce(R.reviewed_at, R.received_at)
    return [
        SentBack(*row) for row in db.session.execute(
            select(R.id, Region.name_vi, R.village, R.head_name, when, R.review_comment,
                   R.instance_id)
            .join(Region, Region.id == R.commune_id)
            .where(R.round_id == survey_round.id, R.is_current, R.surveyor_id == surveyor_id,
                   R.status == ReviewStatus.HAS_ISSUES)
            .order_by(when.desc(), R.id.desc())
        )
    ]


def daily_counts(survey_round: SurveyRound, last_day: date, days: int = 14) -> list[
        tuple[date, int]]:
    """Responses done per local day for the ``days`` days up to ``last_day``, oldest first."""
    first_day = last_day - timedelta(days=days - 1)
    bounds = [day_start(first_day + timedelta(days=i)) for i in range(days + 1)]
    counts = db.session.execute(
        select(*(_count(and_(R.received_at >= start, R.received_at < end))
                 for start, end in pairwise(bounds)))
        .where(R.round_id == survey_round.id, R.is_current, R.status.in_(DONE),
               R.received_at >= bounds[0], R.received_at < bounds[-1])
    ).one()
    return [(first_day + timedelta(days=i), n) for i, n in enumerate(counts)]


def last_active_day(survey_round: SurveyRound, today: date) -> date:
    """The day a table of recent days should end on: today while the round runs; after its
    closing date, the day its last response arrived (fieldwork often stops before the close,
    and late syncs arrive after it), else the closing date."""
    if today <= survey_round.closes_on:
        return today
    last = db.session.scalar(
        select(func.max(R.received_at)).where(R.round_id == survey_round.id, R.is_current)
    )
    if last is None:
        return survey_round.closes_on
    # SQLite hands back naive UTC timestamps.
    return local_today(last if last.tzinfo else last.replace(tzinfo=UTC))


def _count(condition):
    """How many rows of the group meet ``condition`` (0, not NULL, for an empty group)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _with_district(commune_ids: Collection[int]):
    if not commune_ids:
        return []
    district = aliased(Region)
    return db.session.execute(
        select(Region, district)
        .join(district, district.id == Region.parent_id)
        .where(Region.id.in_(commune_ids))
        .order_by(district.code, Region.code)
    ).all()
