"""Every model, re-exported so that Alembic's autogenerate sees the whole schema."""

from survey_app.models.audit import AuditEntry
from survey_app.models.base import Base
from survey_app.models.businesses import (
    Business,
    BusinessNeed,
    BusinessResponse,
    Invitation,
    InvitationStatus,
    NeedKind,
)
from survey_app.models.exports import DataExport, ExportStatus
from survey_app.models.households import (
    HouseholdMember,
    HouseholdResponse,
    PovertyStatus,
    ReviewStatus,
    Sex,
    StudyPlace,
    TradeChoice,
    WorkAway,
)
from survey_app.models.norms import Allowance, ClassRule, SupportNorm
from survey_app.models.plans import Plan, PlanStatus
from survey_app.models.regions import Region, RegionLevel
from survey_app.models.rounds import RoundStatus, RoundTarget, SurveyRound
from survey_app.models.trades import Level, Trade
from survey_app.models.users import Role, User, UserArea

__all__ = [
    "Allowance",
    "AuditEntry",
    "Base",
    "Business",
    "BusinessNeed",
    "BusinessResponse",
    "ClassRule",
    "DataExport",
    "ExportStatus",
    "HouseholdMember",
    "HouseholdResponse",
    "Invitation",
    "InvitationStatus",
    "Level",
    "NeedKind",
    "Plan",
    "PlanStatus",
    "PovertyStatus",
    "Region",
    "RegionLevel",
    "ReviewStatus",
    "Role",
    "RoundStatus",
    "RoundTarget",
    "Sex",
    "StudyPlace",
    "SupportNorm",
    "SurveyRound",
    "Trade",
    "TradeChoice",
    "User",
    "UserArea",
    "WorkAway",
]
