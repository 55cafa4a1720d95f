"""The planner's data exports: households (a row per member and trade choice) and
businesses (a row per hiring need), of the current version of each response.

De-identified unless asked otherwise: no names, phone numbers, tax codes, GPS
positions, or free text where a respondent may have written a name. Rows are
read from the database in batches and written out as they come (services/
spreadsheets.py), so an export of a province holds a batch in memory, not the
province. Codes (levels, statuses, flags) are exported as stored, beside the
names of regions and trades, so the file can be filtered and joined reliably.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessNeed,
    BusinessResponse,
    HouseholdMember,
    HouseholdResponse,
    Region,
    SurveyRound,
    Trade,
    TradeChoice,
    User,
)
from survey_app.services import audit
from survey_app.services.progress import LOCAL_TZ

BATCH_ROWS = 2000


def local_time(moment: datetime) -> datetime:
    """Vietnam time without a zone: spreadsheets have no time zones (SQLite returns naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Column:
    label: object  # a lazy string: the header in the reader's language
    expression: object
    identifying: bool = False
    # For the values a spreadsheet cannot hold as they come (UUIDs, zoned times); enums are
    # str subclasses and go as their codes.
    convert: Callable | None = None


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    columns: tuple[Column, ...]
    query: object  # (columns, round id) -> Select

    def header(self, identified: bool) -> list[str]:
        return [str(c.label) for c in self.chosen(identified)]

    def chosen(self, identified: bool) -> list[Column]:
        return [c for c in self.columns if identified or not c.identifying]


District = aliased(Region, name="district")
Commune = aliased(Region, name="commune")
Surveyor = aliased(User, name="surveyor")

HOUSEHOLD_COLUMNS = (
    Column(_l("Response id"), HouseholdResponse.root_id, convert=str),
    Column(_l("Version"), HouseholdResponse.version),
    Column(_l("Review status"), HouseholdResponse.status),
    Column(_l("District code"), District.code),
    Column(_l("District"), District.name_vi),
    Column(_l("Commune code"), Commune.code),
    Column(_l("Commune"), Commune.name_vi),
    Column(_l("Village"), HouseholdResponse.village),
    Column(_l("Surveyor"), Surveyor.username, identifying=True),
    Column(_l("Head of household"), HouseholdResponse.head_name, identifying=True),
    Column(_l("Phone"), HouseholdResponse.phone, identifying=True),
    Column(_l("Latitude"), HouseholdResponse.gps_lat, identifying=True),
    Column(_l("Longitude"), HouseholdResponse.gps_lon, identifying=True),
    Column(_l("GPS accuracy (m)"), HouseholdResponse.gps_accuracy_m, identifying=True),
    Column(_l("Started"), HouseholdResponse.started_at, convert=local_time),
    Column(_l("Finished"), HouseholdResponse.finished_at, convert=local_time),
    Column(_l("Household size"), HouseholdResponse.household_size),
    Column(_l("Ethnicity"), HouseholdResponse.ethnicity),
    Column(_l("Poverty status"), HouseholdResponse.poverty_status),
    Column(_l("Main livelihood"), HouseholdResponse.main_livelihood),
    Column(_l("Member"), HouseholdMember.position),
    Column(_l("Sex"), HouseholdMember.sex),
    Column(_l("Year of birth"), HouseholdMember.birth_year),
    Column(_l("Education"), HouseholdMember.education),
    Column(_l("Current work"), HouseholdMember.current_work),
    Column(_l("Desired level"), HouseholdMember.desired_level),
    Column(_l("Longest duration (months)"), HouseholdMember.max_duration_months),
    Column(_l("Where they can study"), HouseholdMember.study_place),
    Column(_l("Can board"), HouseholdMember.can_board),
    Column(_l("Work away"), HouseholdMember.work_away),
    Column(_l("Work away: where"), HouseholdMember.work_away_where),
    Column(_l("Constraints"), HouseholdMember.constraints, identifying=True),
    Column(_l("Poor household"), HouseholdMember.poor_household),
    Column(_l("Near-poor household"), HouseholdMember.near_poor_household),
    Column(_l("Ethnic minority"), HouseholdMember.ethnic_minority),
    Column(_l("Disability"), HouseholdMember.disability),
    Column(_l("Revolutionary merit"), HouseholdMember.revolutionary_merit),
    Column(_l("Demobilised soldier"), HouseholdMember.demobilised_soldier),
    Column(_l("Land recovered"), HouseholdMember.land_recovered),
    Column(_l("Woman who lost her job"), HouseholdMember.woman_lost_job),
    Column(_l("Choice rank"), TradeChoice.rank),
    Column(_l("Trade code"), Trade.code),
    Column(_l("Trade"), Trade.name_vi),
    Column(_l("Other trade (as written)"), TradeChoice.other_text),
)

BUSINESS_COLUMNS = (
    Column(_l("Business id"), Business.id),
    Column(_l("Business name"), Business.name, identifying=True),
    Column(_l("Tax code"), Business.tax_code, identifying=True),
    Column(_l("Contact person"), BusinessResponse.contact_name, identifying=True),
    Column(_l("Contact phone"), BusinessResponse.contact_phone, identifying=True),
    Column(_l("Version"), BusinessResponse.version),
    Column(_l("Submitted"), BusinessResponse.submitted),
    Column(_l("Submitted at"), BusinessResponse.submitted_at, convert=local_time),
    Column(_l("District code"), District.code),
    Column(_l("District"), District.name_vi),
    Column(_l("Commune code"), Commune.code),
    Column(_l("Commune"), Commune.name_vi),
    Column(_l("Sector (VSIC section)"), Business.sector),
    Column(_l("Size"), Business.size_band),
    Column(_l("Ownership"), Business.ownership),
    Column(_l("Skills staff lack"), BusinessResponse.skills_lacking, identifying=True),
    Column(_l("Provide trainers"), BusinessResponse.provide_trainers),
    Column(_l("Provide workshop places"), BusinessResponse.provide_workshop),
    Column(_l("Take apprentices"), BusinessResponse.take_apprentices),
    Column(_l("Commit to hire trainees"), BusinessResponse.commit_to_hire),
    Column(_l("Co-fund training"), BusinessResponse.co_fund),
    Column(_l("Need"), BusinessNeed.position),
    Column(_l("Vacancy or plan"), BusinessNeed.kind),
    Column(_l("Trade code"), Trade.code),
    Column(_l("Trade"), Trade.name_vi),
    Column(_l("Other trade (as written)"), BusinessNeed.other_text),
    Column(_l("Workers"), BusinessNeed.workers),
    Column(_l("Level"), BusinessNeed.level),
    Column(_l("Quarter"), BusinessNeed.quarter),
    Column(_l("Wage offered (VND)"), BusinessNeed.wage_offered_vnd),
)


def _household_query(columns, round_id: int) -> Select:
    # Outer joins: a household with nobody wanting training still shows (it counts in the
    # coverage), as does a member whose choices were left empty.
    return (
        select(*columns)
        .select_from(HouseholdResponse)
        .join(District, District.id == HouseholdResponse.district_id)
        .join(Commune, Commune.id == HouseholdResponse.commune_id)
        .join(Surveyor, Surveyor.id == HouseholdResponse.surveyor_id)
        .outerjoin(HouseholdMember, HouseholdMember.response_id == HouseholdResponse.id)
        .outerjoin(TradeChoice, TradeChoice.member_id == HouseholdMember.id)
        .outerjoin(Trade, Trade.id == TradeChoice.trade_id)
        .where(HouseholdResponse.round_id == round_id, HouseholdResponse.is_current)
        .order_by(HouseholdResponse.id, HouseholdMember.position, TradeChoice.rank)
    )


def _business_query(columns, round_id: int) -> Select:
    return (
        select(*columns)
        .select_from(BusinessResponse)
        .join(Business, Business.id == BusinessResponse.business_id)
        .outerjoin(District, District.id == Business.district_id)
        .outerjoin(Commune, Commune.id == Business.commune_id)
        .outerjoin(BusinessNeed, BusinessNeed.response_id == BusinessResponse.id)
        .outerjoin(Trade, Trade.id == BusinessNeed.trade_id)
        .where(BusinessResponse.round_id == round_id, BusinessResponse.is_current)
        .order_by(Business.id, BusinessNeed.position)
    )


DATASETS = {
    "households": Dataset("households", _l("Households"), HOUSEHOLD_COLUMNS, _household_query),
    "businesses": Dataset("businesses", _l("Businesses"), BUSINESS_COLUMNS, _business_query),
}


def rows(dataset: Dataset, survey_round: SurveyRound, *, identified: bool) -> Iterator[list]:
    """The dataset's rows for the round, read in batches, values ready for a file."""
    chosen = dataset.chosen(identified)
    statement = dataset.query([c.expression for c in chosen], survey_round.id)
    converted = [(i, c.convert) for i, c in enumerate(chosen) if c.convert is not None]
    for row in db.session.execute(statement.execution_options(yield_per=BATCH_ROWS)):
        values = list(row)
        for i, convert in converted:
            if values[i] is not None:
                values[i] = convert(values[i])
        yield values


def filename(dataset: Dataset, survey_round: SurveyRound, fmt: str, *, identified: bool) -> str:
    kind = "identified" if identified else "deidentified"
    return f"{dataset.name}-{survey_round.year}-round{survey_round.id}-{kind}.{fmt}"


def record(dataset: Dataset, survey_round: SurveyRound, fmt: str, *, user: User,
           identified: bool, purpose: str | None = None, ip: str | None = None,
           **details) -> None:
    """The audit entry of an export asked for; an identified one keeps the purpose given."""
    if identified:
        details["purpose"] = purpose
    audit.record("export.identified" if identified else "export", user=user, obj=survey_round,
                 ip=ip, dataset=dataset.name, format=fmt, **details)
