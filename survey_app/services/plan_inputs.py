"""The analysis tables of a survey round, read from the database (analysis/inputs.py says
what each column means).

Household answers are aggregated in SQL: a wishes row stands for every member alike in
commune, trade choice, level, place, support group and class-cap flags, so a province's
200,000 households arrive as a few thousand rows. The app, not the analysis, decides who
belongs to which support group of Decision 46/2015 (the highest one a member is in).
"""

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Select, String, and_, case, cast, false, func, literal, or_, select
from sqlalchemy.orm import aliased

from analysis.inputs import Inputs
from survey_app.extensions import db
from survey_app.models import (
    Allowance,
    Business,
    BusinessNeed,
    BusinessResponse,
    ClassRule,
    HouseholdMember,
    HouseholdResponse,
    Region,
    ReviewStatus,
    StudyPlace,
    SupportNorm,
    SurveyRound,
    Trade,
    TradeChoice,
)
from survey_app.text import fold

# The 16 ethnic groups of fewer than 10,000 people (Decree 57/2017/NĐ-CP); their learners
# are taught in the smaller classes of class_rules. Five of them live in Hà Giang.
VERY_SMALL_ETHNIC_GROUPS = frozenset(fold(name) for name in (
    "Cống", "Mảng", "Pu Péo", "Si La", "Cờ Lao", "Bố Y", "La Ha", "Ngái", "Chứt", "Ơ Đu",
    "Brâu", "Rơ Măm", "Lô Lô", "Lự", "Pà Thẻn", "La Hủ",
))
PLACES = {
    StudyPlace.COMMUNE: "commune",
    StudyPlace.COMMUNE_CLUSTER: "cluster",
    StudyPlace.DISTRICT: "district",
    StudyPlace.PROVINCE: "province",
}


@dataclass(frozen=True)
class Scope:
    """Which responses a plan reads: the round's current versions, never the rejected ones,
    or only the approved ones."""

    survey_round: SurveyRound
    approved_only: bool = False

    def conditions(self) -> list:
        statuses = [ReviewStatus.APPROVED] if self.approved_only else [
            s for s in ReviewStatus if s != ReviewStatus.REJECTED]
        return [HouseholdResponse.round_id == self.survey_round.id, HouseholdResponse.is_current,
                HouseholdResponse.status.in_(statuses)]

    def households(self, statement: Select) -> Select:
        return statement.where(*self.conditions())


def build(survey_round: SurveyRound, *, approved_only: bool = False) -> Inputs:
    """Every table of the round, checked by the analysis on the way in."""
    scope = Scope(survey_round, approved_only)
    return Inputs.build(
        wishes=wishes(scope), coverage=coverage(scope), jobs=jobs(survey_round),
        regions=regions(survey_round), trades=trades(), support_norms=support_norms(),
        allowances=allowances(), class_rules=class_rules(),
    )


def support_group():
    """The highest Decision 46 group a member is in, as an SQL expression (support_norms codes)."""
    m = HouseholdMember
    return case(
        (m.disability, "disability"),
        (and_(m.poor_household, m.ethnic_minority), "poor_ethnic_minority"),
        (or_(m.ethnic_minority, m.revolutionary_merit, m.poor_household, m.land_recovered,
             m.woman_lost_job), "priority"),
        (m.near_poor_household, "near_poor"),
        else_="",
    )


def _very_small_group_names(scope: Scope) -> list[str]:
    """The ethnicity answers (as typed) that name a very small group: few distinct values."""
    answers = db.session.scalars(scope.households(select(HouseholdResponse.ethnicity).distinct()))
    return [a for a in answers if a and fold(a).strip() in VERY_SMALL_ETHNIC_GROUPS]


def wishes(scope: Scope) -> pd.DataFrame:
    district, commune = aliased(Region), aliased(Region)
    m = HouseholdMember
    small_names = _very_small_group_names(scope)
    # coalesce: an unanswered ethnicity (NULL) must not make the flag NULL.
    small_group = (func.coalesce(HouseholdResponse.ethnicity.in_(small_names), false())
                   if small_names else false())
    small_cap = or_(m.disability, small_group)
    keys = {
        "commune": commune.code, "district": district.code, "rank": TradeChoice.rank,
        "trade": Trade.code, "level": m.desired_level, "place": m.study_place,
        "support_group": support_group(), "small_cap": small_cap,
        # Difficult communes are not in the reference data yet: disability is what is known.
        "difficult": m.disability,
    }
    statement = scope.households(
        select(*(expr.label(name) for name, expr in keys.items()), func.count().label("members"))
        .select_from(HouseholdResponse)
        .join(district, district.id == HouseholdResponse.district_id)
        .join(commune, commune.id == HouseholdResponse.commune_id)
        .join(m, m.response_id == HouseholdResponse.id)
        .join(TradeChoice, TradeChoice.member_id == m.id)
        # "Other" trades typed as text have no code to plan for until an admin maps them.
        .join(Trade, Trade.id == TradeChoice.trade_id)
    ).group_by(*keys.values())
    frame = _frame(statement, [*keys, "members"])
    frame["level"] = frame["level"].map(lambda level: getattr(level, "value", level))
    frame["place"] = frame["place"].map(lambda place: PLACES[StudyPlace(place)])
    return frame


def coverage(scope: Scope) -> pd.DataFrame:
    commune = aliased(Region)
    statement = scope.households(
        select(commune.code, func.count())
        .select_from(HouseholdResponse)
        .join(commune, commune.id == HouseholdResponse.commune_id)
    ).group_by(commune.code)
    return _frame(statement, ["commune", "households_surveyed"])


def jobs(survey_round: SurveyRound) -> pd.DataFrame:
    """The submitted, current answers' needs with a trade from the catalogue and a district."""
    district, commune = aliased(Region), aliased(Region)
    r = BusinessResponse
    columns = {
        "business": cast(Business.id, String), "district": district.code,
        "commune": func.coalesce(commune.code, literal("")), "trade": Trade.code,
        "level": BusinessNeed.level, "workers": BusinessNeed.workers,
        "quarter": BusinessNeed.quarter,
        "provide_trainers": r.provide_trainers, "provide_workshop": r.provide_workshop,
        "take_apprentices": r.take_apprentices, "commit_to_hire": r.commit_to_hire,
        "co_fund": r.co_fund,
    }
    statement = (
        select(*(expr.label(name) for name, expr in columns.items()))
        .select_from(BusinessNeed)
        .join(r, r.id == BusinessNeed.response_id)
        .join(Business, Business.id == r.business_id)
        .join(district, district.id == Business.district_id)
        .outerjoin(commune, commune.id == Business.commune_id)
        .join(Trade, Trade.id == BusinessNeed.trade_id)
        .where(r.round_id == survey_round.id, r.is_current, r.submitted)
    )
    frame = _frame(statement, list(columns))
    frame["level"] = frame["level"].map(lambda level: getattr(level, "value", level))
    frame["quarter"] = frame["quarter"].astype("float64")
    return frame


def regions(survey_round: SurveyRound) -> pd.DataFrame:
    """The regions as they stood when the round opened."""
    parent = aliased(Region)
    day = survey_round.opens_on
    statement = (
        select(Region.code, func.coalesce(parent.code, literal("")), Region.level, Region.name_vi,
               func.coalesce(Region.name_en, literal("")), Region.lat, Region.lon,
               func.coalesce(Region.households, 0))
        .outerjoin(parent, parent.id == Region.parent_id)
        .where(Region.valid_from <= day, or_(Region.valid_to.is_(None), Region.valid_to > day))
    )
    frame = _frame(statement, ["code", "parent", "kind", "name_vi", "name_en", "lat", "lon",
                               "households"])
    frame["kind"] = frame["kind"].map(lambda kind: getattr(kind, "value", kind))
    return frame


def trades() -> pd.DataFrame:
    statement = select(Trade.code, Trade.name_vi, Trade.name_en, Trade.group, Trade.typical_level,
                       Trade.typical_duration_months)
    frame = _frame(statement, ["code", "name_vi", "name_en", "group", "typical_level",
                               "typical_duration_months"])
    frame["typical_level"] = frame["typical_level"].map(
        lambda level: getattr(level, "value", level))
    return frame


def support_norms() -> pd.DataFrame:
    return _frame(select(SupportNorm.group_code, SupportNorm.name_vi, SupportNorm.name_en,
                         SupportNorm.max_training_support_vnd, SupportNorm.rank),
                  ["group_code", "name_vi", "name_en", "max_training_support_vnd", "rank"])


def allowances() -> pd.DataFrame:
    return _frame(select(Allowance.code, Allowance.amount_vnd), ["allowance", "amount_vnd"])


def class_rules() -> pd.DataFrame:
    return _frame(select(ClassRule.rule, ClassRule.applies_to, ClassRule.max_learners),
                  ["rule", "applies_to", "max_learners"])


def _frame(statement, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(db.session.execute(statement).all(), columns=columns)
