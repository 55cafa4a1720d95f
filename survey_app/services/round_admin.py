"""Managing survey rounds: creating and editing them, opening and closing, commune targets.

Every change is audited with what it was before and after. ``actor`` is the
admin making the change, or ``None`` for the command line (audited as "cli").

A round's communes are those valid on its opening day, so a round planned
across the 2025 reform is set against the communes that exist when it runs.
At most one round is open at a time: surveyors' tablets and business
invitations answer "the open round" without asking which.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from survey_app import i18n
from survey_app.extensions import db
from survey_app.models import (
    HouseholdResponse,
    Region,
    RegionLevel,
    RoundStatus,
    RoundTarget,
    SurveyRound,
    User,
)
from survey_app.numbers import parse_whole_number
from survey_app.services import audit
from survey_app.services.allocation import largest_remainder
from survey_app.services.errors import FieldError
from survey_app.services.users import CLI_ACTOR
from survey_app.text import vietnamese_key

YEAR_MIN, YEAR_MAX = 2000, 2100
NAME_MAX = 200
REASON_MAX = 500
# target_households is a 32-bit column; no commune has near this many households.
TARGET_MAX = 2**31 - 1

# The status changes an admin may make; closed → open is a reopening and needs a reason.
TRANSITIONS = {
    (RoundStatus.DRAFT, RoundStatus.OPEN),
    (RoundStatus.OPEN, RoundStatus.CLOSED),
    (RoundStatus.CLOSED, RoundStatus.OPEN),
}


class RoundError(FieldError):
    """A change to a survey round that cannot be made, naming the field at fault."""


class TargetsError(RoundError):
    """Targets refused, each under its commune: ``by_commune`` maps commune ids to messages."""

    def __init__(self, by_commune: dict[int, object]):
        super().__init__("targets", next(iter(by_commune.values())))
        self.by_commune = by_commune

    def __str__(self) -> str:
        return "; ".join(str(message) for message in self.by_commune.values())


@dataclass(frozen=True)
class RoundSummary:
    round: SurveyRound
    target: int
    responses: int


@dataclass(frozen=True)
class DistrictCommunes:
    """A district (or, after the 2025 reform, the province) and its communes in the round."""

    district: Region
    communes: list[Region]


def find_round(name: str) -> SurveyRound | None:
    wanted = _normal_name(name).casefold()
    return next((r for r in _all_rounds() if r.name.casefold() == wanted), None)


def summaries() -> list[RoundSummary]:
    """Every round, newest first, with its total target and household responses received."""
    targets = dict(db.session.execute(
        select(RoundTarget.round_id, func.sum(RoundTarget.target_households))
        .group_by(RoundTarget.round_id)
    ).all())
    # Current versions only: an edited response is one response, not two.
    responses = dict(db.session.execute(
        select(HouseholdResponse.round_id, func.count())
        .where(HouseholdResponse.is_current.is_(True))
        .group_by(HouseholdResponse.round_id)
    ).all())
    rounds = db.session.scalars(
        select(SurveyRound).order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc())
    )
    return [RoundSummary(r, int(targets.get(r.id) or 0), responses.get(r.id, 0)) for r in rounds]


def create_round(
    actor: User | None,
    name: str,
    year: int,
    opens_on: date,
    closes_on: date,
    *,
    open_registration: bool = False,
) -> SurveyRound:
    """Add a draft round; its targets are set afterwards."""
    survey_round = SurveyRound(
        name=check_name(name, None),
        year=check_year(year),
        **check_dates(opens_on, closes_on),
        status=RoundStatus.DRAFT,
        open_registration=bool(open_registration),
    )
    _add_unique(survey_round)
    _record("round.create", actor, survey_round, after=_profile(survey_round))
    return survey_round


def update_round(
    actor: User | None,
    survey_round: SurveyRound,
    *,
    name: str,
    year: int,
    opens_on: date,
    closes_on: date,
    open_registration: bool,
) -> SurveyRound:
    """Change the name, year, dates and business self-registration; audited only if changed."""
    wanted = {
        "name": check_name(name, survey_round),
        "year": check_year(year),
        **check_dates(opens_on, closes_on),
        "open_registration": bool(open_registration),
    }
    before, after = {}, {}
    for field, value in wanted.items():
        old = getattr(survey_round, field)
        if old != value:
            before[field], after[field] = _plain(old), _plain(value)
            setattr(survey_round, field, value)
    if after:
        _add_unique(survey_round)
        _record("round.update", actor, survey_round, before=before, after=after)
    return survey_round


def set_status(
    actor: User | None,
    survey_round: SurveyRound,
    status: RoundStatus | str,
    *,
    reason: str | None = None,
) -> SurveyRound:
    """Open, close or reopen the round; reopening a closed round needs ``reason``."""
    try:
        status = RoundStatus(status)
    except ValueError:
        raise RoundError("status", _l("Choose draft, open or closed.")) from None
    old = survey_round.status
    if status == old:
        return survey_round
    if (old, status) not in TRANSITIONS:
        raise RoundError("status", _l("A draft round is opened before it is closed.")
                         if old == RoundStatus.DRAFT
                         else _l("A round cannot go back to draft once it has been opened."))
    details = {}
    if old == RoundStatus.CLOSED:
        reason = " ".join((reason or "").split())
        if not reason:
            raise RoundError("reason", _l("Say why the round is reopened."))
        if len(reason) > REASON_MAX:
            raise RoundError("reason", _l("Use at most %(n)d characters.", n=REASON_MAX))
        details["reason"] = reason
    if status == RoundStatus.OPEN:
        _check_none_open(survey_round)
    survey_round.status = status
    db.session.flush()
    _record("round.status", actor, survey_round, before={"status": old.value},
            after={"status": status.value}, **details)
    return survey_round


def communes_by_district(survey_round: SurveyRound) -> list[DistrictCommunes]:
    """The round's communes grouped under their district: districts in GSO code order, as the
    province's documents list them, communes in Vietnamese alphabetical order."""
    communes = db.session.scalars(
        _valid_on(select(Region), survey_round.opens_on)
        .where(Region.level == RegionLevel.COMMUNE)
    ).all()
    parents = {r.id: r for r in db.session.scalars(
        select(Region).where(Region.id.in_({c.parent_id for c in communes}))
    )}
    groups: dict[int, list[Region]] = {}
    for commune in sorted(communes, key=lambda c: vietnamese_key(c.name_vi)):
        groups.setdefault(commune.parent_id, []).append(commune)
    return [DistrictCommunes(parents[parent_id], members)
            for parent_id, members in sorted(groups.items(), key=lambda g: parents[g[0]].code)]


def targets_by_commune(survey_round: SurveyRound) -> dict[int, int]:
    return {t.commune_id: t.target_households for t in survey_round.targets}


def set_targets(
    actor: User | None, survey_round: SurveyRound, values: Mapping[int, object]
) -> dict[int, int]:
    """Set the target households of the communes in ``values`` (commune id → number).

    A blank value means no target (0). Every value is checked before anything
    changes; bad ones raise ``TargetsError`` naming each commune. Communes not
    in ``values`` keep their targets. Returns the round's targets afterwards.
    """
    communes = {c.id: c for group in communes_by_district(survey_round) for c in group.communes}
    wanted, errors = {}, {}
    for commune_id, value in values.items():
        commune = communes.get(commune_id)
        if commune is None:
            raise RoundError("targets", _l("Choose communes of this round."))
        number = _whole_number(value)
        if number is None:
            errors[commune_id] = _l("%(commune)s: enter a whole number of households, 0 or more.",
                                    commune=commune.name_vi)
        elif commune.households is not None and number > commune.households:
            errors[commune_id] = _l(
                "%(commune)s: the target is more than the households living there.",
                commune=commune.name_vi)
        else:
            wanted[commune_id] = number
    if errors:
        raise TargetsError(errors)

    current = {t.commune_id: t for t in survey_round.targets}
    before, after = {}, {}
    for commune_id, number in wanted.items():
        target = current.get(commune_id)
        old = target.target_households if target is not None else 0
        if old == number:
            continue
        code = communes[commune_id].code
        before[code], after[code] = old, number
        if number == 0:
            survey_round.targets.remove(target)
        elif target is None:
            survey_round.targets.append(RoundTarget(commune_id=commune_id,
                                                    target_households=number))
        else:
            target.target_households = number
    if after:
        db.session.flush()
        _record("round.targets", actor, survey_round, before=before, after=after,
                total=sum(t.target_households for t in survey_round.targets))
    return targets_by_commune(survey_round)


def distribute_targets(
    actor: User | None,
    survey_round: SurveyRound,
    total: int,
    district_ids: Iterable[int] = (),
    *,
    replace: bool = False,
) -> dict[int, int]:
    """Spread ``total`` households over the communes (of ``district_ids``, or of the round).

    Shares follow each commune's households and sum to ``total`` exactly
    (largest remainder). Communes outside the chosen districts keep their
    targets. Communes with a target already are refused unless ``replace``:
    one click must not overwrite a round's targets. Returns the shares given,
    by commune id.
    """
    # 0 would share nothing and set every commune's target to none.
    if isinstance(total, bool) or not isinstance(total, int) or total < 1:
        raise RoundError("total", _l("Enter a whole number of households, 1 or more."))
    groups = communes_by_district(survey_round)
    chosen = set(district_ids)
    if chosen - {g.district.id for g in groups}:
        raise RoundError("districts", _l("Choose districts of this round."))
    communes = [c for g in groups if not chosen or g.district.id in chosen for c in g.communes]
    if not communes:
        raise RoundError("districts", _l("There are no communes to share the total: load the "
                                         "reference data first."))
    if all(c.households is not None for c in communes) and \
            total > sum(c.households for c in communes):
        raise RoundError("total", _l("The total is more than the households living in these "
                                     "communes."))
    if not replace:
        _check_no_targets(survey_round, {c.id for c in communes})
    shares = largest_remainder(total, [c.households or 0 for c in communes])
    values = {c.id: n for c, n in zip(communes, shares, strict=True)}
    set_targets(actor, survey_round, values)
    return values


def _check_no_targets(survey_round: SurveyRound, commune_ids: set[int]) -> None:
    existing = [t.target_households for t in survey_round.targets
                if t.commune_id in commune_ids and t.target_households]
    if existing:
        raise RoundError("replace", _ln(
            "%(num)s commune here already has a target (%(households)s households in all). "
            "Confirm that the shares of this total replace it.",
            "%(num)s communes here already have targets (%(households)s households in all). "
            "Confirm that the shares of this total replace them.",
            len(existing), households=i18n.number(sum(existing))))


def _valid_on(query, day: date):
    return query.where(Region.valid_from <= day,
                       or_(Region.valid_to.is_(None), Region.valid_to > day))


def _whole_number(value) -> int | None:
    if value is None:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text:
            return 0
        number = parse_whole_number(text)
        if number is None:
            return None
    return number if 0 <= number <= TARGET_MAX else None


def _check_none_open(survey_round: SurveyRound) -> None:
    # Locking every round serialises two admins opening two rounds at the same moment
    # on PostgreSQL; the table holds a handful of rows, one or two a year.
    rounds = db.session.scalars(select(SurveyRound).with_for_update()).all()
    other = next((r for r in rounds if r.status == RoundStatus.OPEN and r is not survey_round),
                 None)
    if other is not None:
        raise RoundError("status", _l("Only one round may be open at a time: close "
                                      "“%(name)s” first.", name=other.name))


def _all_rounds() -> list[SurveyRound]:
    return db.session.scalars(select(SurveyRound)).all()


def _add_unique(survey_round: SurveyRound) -> None:
    """Flush the round; a twin name saved at the same moment is caught by the unique constraint.

    No savepoint: on SQLite, pysqlite's implicit transactions make releasing a
    first savepoint commit, which would keep the round when a later step fails.
    The session then needs the rollback every caller makes on ``RoundError``.
    """
    db.session.add(survey_round)
    try:
        db.session.flush()
    except IntegrityError:
        raise RoundError("name", _l("Another round has this name.")) from None


def _normal_name(name: str | None) -> str:
    return " ".join((name or "").split())


def check_name(name: str | None, survey_round: SurveyRound | None) -> str:
    """``name`` tidied, if no other round than ``survey_round`` has it; RoundError if not."""
    name = _normal_name(name)
    if not name:
        raise RoundError("name", _l("Enter the round's name."))
    if len(name) > NAME_MAX:
        raise RoundError("name", _l("Use at most %(n)d characters.", n=NAME_MAX))
    # Compared in Python: SQLite's lower() leaves Vietnamese letters as they are.
    twin = find_round(name)
    if twin is not None and twin is not survey_round:
        raise RoundError("name", _l("Another round has this name."))
    return name


def check_year(year) -> int:
    """``year`` if a round may have it; RoundError if not."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise RoundError("year", _l("Enter a year from %(low)d to %(high)d.",
                                    low=YEAR_MIN, high=YEAR_MAX))
    return year


def check_dates(opens_on, closes_on) -> dict[str, date]:
    """The two days as the round's fields, if the round closes on or after it opens."""
    if not isinstance(opens_on, date):
        raise RoundError("opens_on", _l("Enter the day the round opens."))
    if not isinstance(closes_on, date):
        raise RoundError("closes_on", _l("Enter the day the round closes."))
    if closes_on < opens_on:
        raise RoundError("closes_on", _l("The round cannot close before it opens."))
    return {"opens_on": opens_on, "closes_on": closes_on}


def _record(action: str, actor: User | None, survey_round: SurveyRound, **details) -> None:
    audit.record(action, user=actor, actor=None if actor is not None else CLI_ACTOR,
                 obj=survey_round, name=survey_round.name, **details)


def _profile(survey_round: SurveyRound) -> dict:
    return {field: _plain(getattr(survey_round, field))
            for field in ("name", "year", "opens_on", "closes_on", "status", "open_registration")}


def _plain(value):
    if isinstance(value, RoundStatus):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
