"""What a plan keeps about its survey beside the analysis result, read from the database when
the plan is made: a plan is immutable, so its PDF must never count responses that arrived later.

Stored in the plan's result under ``"survey"`` (``services.plans.make``); plain counts, no
timestamps, so the same data gives the same JSON.
"""

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessResponse,
    HouseholdMember,
    HouseholdResponse,
    Invitation,
    InvitationStatus,
    Region,
    RoundTarget,
    SurveyRound,
)
from survey_app.services import quality
from survey_app.services.plan_inputs import Scope

R = HouseholdResponse


def facts(survey_round: SurveyRound, *, approved_only: bool, grouping_unit: str) -> dict:
    """The survey as the plan read it.

    - ``members``: members wanting training in the responses the plan read;
    - ``responses``: the round's current responses per review status (whatever the plan read:
      the rejected ones, and with ``approved_only`` those not approved, are left out of it);
    - ``flags``: of the responses the plan read, how many carry each data-quality flag;
    - ``businesses``: businesses invited (a link not revoked) and businesses that answered (a
      submitted answer), in the round;
    - ``units``: per grouping unit (a district, or a commune; a business that gave no commune
      counts at its district): ``target`` households, ``businesses_invited`` and
      ``businesses_answered``. Units with none of these are left out.
    """
    scope = Scope(survey_round, approved_only)
    members = db.session.scalar(
        select(func.count(HouseholdMember.id)).join(R, R.id == HouseholdMember.response_id)
        .where(*scope.conditions()))
    statuses = quality.status_counts(survey_round)
    businesses = _businesses(survey_round, grouping_unit)
    units: dict[str, dict[str, int]] = {}

    def unit(code: str) -> dict[str, int]:
        return units.setdefault(code, {"target": 0, "businesses_invited": 0,
                                       "businesses_answered": 0})

    for code, target in _targets(survey_round, grouping_unit):
        unit(code)["target"] += target
    for name, (_, per_unit) in businesses.items():
        for code, count in per_unit.items():
            unit(code)[f"businesses_{name}"] = count
    return {
        "members": members,
        "responses": {getattr(status, "value", status): count
                      for status, count in statuses.items()},
        "flags": quality.flag_counts(scope.conditions()),
        "businesses": {name: total for name, (total, _) in businesses.items()},
        "units": units,
    }


def _targets(survey_round: SurveyRound, grouping_unit: str):
    commune = aliased(Region)
    district = aliased(Region)
    code = district.code if grouping_unit == "district" else commune.code
    return db.session.execute(
        select(code, func.sum(RoundTarget.target_households))
        .join(commune, commune.id == RoundTarget.commune_id)
        .join(district, district.id == commune.parent_id)
        .where(RoundTarget.round_id == survey_round.id)
        .group_by(code)).all()


def _businesses(survey_round: SurveyRound, grouping_unit: str) -> dict[str, tuple[int, Counter]]:
    """Businesses invited and businesses that answered: in all, and per unit."""
    district, commune = aliased(Region), aliased(Region)
    code = district.code if grouping_unit == "district" else func.coalesce(commune.code,
                                                                           district.code)

    def per_unit(business_ids) -> Counter:
        return Counter(dict(db.session.execute(
            select(code, func.count(Business.id))
            .join(district, district.id == Business.district_id)
            .outerjoin(commune, commune.id == Business.commune_id)
            .where(Business.id.in_(business_ids))
            .group_by(code)).all()))

    invited = select(Invitation.business_id).where(
        Invitation.round_id == survey_round.id, Invitation.status != InvitationStatus.REVOKED)
    answered = select(BusinessResponse.business_id).where(
        BusinessResponse.round_id == survey_round.id, BusinessResponse.is_current,
        BusinessResponse.submitted)
    return {name: (_count(ids), per_unit(ids))
            for name, ids in (("invited", invited), ("answered", answered))}


def _count(business_ids) -> int:
    """Distinct businesses, those without a district too."""
    return db.session.scalar(select(func.count(Business.id)).where(Business.id.in_(business_ids)))
