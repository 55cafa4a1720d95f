"""The analysis tables built from a round's responses: every member counted once per trade
choice, the rejected left out, support groups and class-cap flags resolved as the law says."""

from sqlalchemy import func, select

from survey_app.models import (
    BusinessNeed,
    BusinessResponse,
    HouseholdMember,
    HouseholdResponse,
    ReviewStatus,
    Role,
    Trade,
    TradeChoice,
)
from survey_app.services import plan_inputs
from tests.services.progress_data import LUNG_CU, make_round
from tests.services.review_data import household

DEMO = {"households": 80, "businesses": 8, "seed": 5}


def current(statuses):
    return select(HouseholdResponse.id).where(HouseholdResponse.is_current,
                                              HouseholdResponse.status.in_(statuses))


def test_the_demo_round_becomes_checked_tables_that_add_up_to_the_database(db, demo_round):
    inputs = plan_inputs.build(demo_round)

    kept = [s for s in ReviewStatus if s != ReviewStatus.REJECTED]
    choices = db.session.scalar(
        select(func.count()).select_from(TradeChoice).join(HouseholdMember)
        .where(TradeChoice.trade_id.is_not(None), HouseholdMember.response_id.in_(current(kept))))
    assert inputs.wishes["members"].sum() == choices
    assert len(inputs.wishes) < choices  # aggregated: alike members share a row
    households = db.session.scalar(select(func.count()).select_from(HouseholdResponse)
                                   .where(HouseholdResponse.id.in_(current(kept))))
    assert inputs.coverage["households_surveyed"].sum() == households
    workers = db.session.scalar(
        select(func.sum(BusinessNeed.workers)).join(BusinessResponse)
        .where(BusinessResponse.is_current, BusinessResponse.submitted,
               BusinessNeed.trade_id.is_not(None)))
    assert inputs.jobs["workers"].sum() == workers
    assert set(inputs.regions["kind"]) == {"province", "district", "commune"}
    assert len(inputs.trades) == db.session.scalar(select(func.count()).select_from(Trade))
    assert len(inputs.fingerprint()) == 64


def test_approved_only_reads_only_the_approved_responses(db, demo_round):
    inputs = plan_inputs.build(demo_round, approved_only=True)

    approved = db.session.scalar(select(func.count()).select_from(HouseholdResponse).where(
        HouseholdResponse.id.in_(current([ReviewStatus.APPROVED]))))
    assert inputs.coverage["households_surveyed"].sum() == approved


def test_each_member_counts_in_the_highest_support_group_and_small_groups_get_small_classes(
        db, reference_data, create_user):
    survey_round = make_round({LUNG_CU: 10})
    surveyor = create_user(Role.SURVEYOR)
    trade = db.session.scalar(select(Trade).where(Trade.code == "DL01"))
    flags = [
        {"disability": True, "poor_household": True, "ethnic_minority": True},  # disability
        {"poor_household": True, "ethnic_minority": True},  # poor_ethnic_minority
        {"ethnic_minority": True},  # priority
        {"near_poor_household": True},  # near_poor
        {},  # no group
    ]
    response = household(survey_round, LUNG_CU, surveyor, birth_years=(1990,) * len(flags))
    response.ethnicity = "Pu Péo"  # one of the very small groups: the lower class cap
    for member, member_flags in zip(response.members, flags, strict=True):
        for name, value in member_flags.items():
            setattr(member, name, value)
        member.choices = [TradeChoice(rank=1, trade_id=trade.id)]
    other = household(survey_round, LUNG_CU, surveyor, birth_years=(1992,),
                      status=ReviewStatus.REJECTED)
    other.members[0].choices = [TradeChoice(rank=1, trade_id=trade.id)]
    db.session.commit()

    wishes = plan_inputs.build(survey_round).wishes

    groups = dict(zip(wishes["support_group"], wishes["members"], strict=True))
    assert groups == {"disability": 1, "poor_ethnic_minority": 1, "priority": 1, "near_poor": 1,
                      "": 1}
    assert wishes["small_cap"].all()
    assert list(wishes.loc[wishes["support_group"] == "disability", "difficult"]) == [True]
    assert set(wishes["place"]) == {"commune"}
    assert set(wishes["level"]) == {"so_cap"}
