"""Household responses, kept as immutable versions, with one row per member.

Every edit of a response is a new row (its own ``instance_id``) naming the
version it ``replaces``; all versions share the ``root_id`` of the first and
exactly one of them is ``is_current``. Analysis reads current versions only.
"""

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, str_enum, tz_datetime, utcnow
from survey_app.models.regions import Region
from survey_app.models.rounds import SurveyRound
from survey_app.models.trades import Level, Trade
from survey_app.models.users import User


class ReviewStatus(enum.StrEnum):
    RECEIVED = "received"
    APPROVED = "approved"
    HAS_ISSUES = "has_issues"
    REJECTED = "rejected"


class PovertyStatus(enum.StrEnum):
    POOR = "poor"
    NEAR_POOR = "near_poor"
    NONE = "none"


class StudyPlace(enum.StrEnum):
    """How far a member can travel to a class, nearest first."""

    COMMUNE = "commune"
    COMMUNE_CLUSTER = "commune_cluster"
    DISTRICT = "district"
    PROVINCE = "province"


class WorkAway(enum.StrEnum):
    NO = "no"
    OUTSIDE_PROVINCE = "outside_province"
    ABROAD = "abroad"


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


class HouseholdResponse(Base):
    __tablename__ = "household_response"
    __table_args__ = (
        Index("ix_household_response_round_district", "round_id", "district_id", "is_current"),
        Index("ix_household_response_round_commune", "round_id", "commune_id", "is_current"),
        Index("ix_household_response_surveyor", "surveyor_id", "round_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    root_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    replaces: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(default=1)
    is_current: Mapped[bool] = mapped_column(default=True)
    # SHA-256 of the canonical JSON payload: tells a retry from a conflicting resend.
    payload_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)

    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"))
    district_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    commune_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    village: Mapped[str | None] = mapped_column(String(120))
    surveyor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    status: Mapped[ReviewStatus] = mapped_column(
        str_enum(ReviewStatus), default=ReviewStatus.RECEIVED
    )
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(tz_datetime())

    started_at: Mapped[datetime | None] = mapped_column(tz_datetime())
    finished_at: Mapped[datetime | None] = mapped_column(tz_datetime())
    received_at: Mapped[datetime] = mapped_column(tz_datetime(), default=utcnow)
    gps_lat: Mapped[float | None]
    gps_lon: Mapped[float | None]
    gps_accuracy_m: Mapped[float | None]

    consent: Mapped[bool] = mapped_column(default=False)
    head_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    household_size: Mapped[int]
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    poverty_status: Mapped[PovertyStatus] = mapped_column(
        str_enum(PovertyStatus), default=PovertyStatus.NONE
    )
    main_livelihood: Mapped[str | None] = mapped_column(String(60))

    round: Mapped[SurveyRound] = relationship()
    district: Mapped[Region] = relationship(foreign_keys=[district_id])
    commune: Mapped[Region] = relationship(foreign_keys=[commune_id])
    surveyor: Mapped[User] = relationship(foreign_keys=[surveyor_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    members: Mapped[list["HouseholdMember"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="HouseholdMember.position"
    )


class HouseholdMember(Base):
    """A member of working age who wants training."""

    __tablename__ = "household_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("household_response.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    sex: Mapped[Sex] = mapped_column(str_enum(Sex))
    birth_year: Mapped[int]
    education: Mapped[str | None] = mapped_column(String(40))
    current_work: Mapped[str | None] = mapped_column(String(60))
    desired_level: Mapped[Level] = mapped_column(str_enum(Level))
    max_duration_months: Mapped[int | None]
    study_place: Mapped[StudyPlace] = mapped_column(str_enum(StudyPlace))
    can_board: Mapped[bool] = mapped_column(default=False)
    work_away: Mapped[WorkAway] = mapped_column(str_enum(WorkAway), default=WorkAway.NO)
    work_away_where: Mapped[str | None] = mapped_column(String(120))
    constraints: Mapped[str | None] = mapped_column(Text)
    # Decision 46/2015 priority groups; the highest one sets the support norm.
    poor_household: Mapped[bool] = mapped_column(default=False)
    near_poor_household: Mapped[bool] = mapped_column(default=False)
    ethnic_minority: Mapped[bool] = mapped_column(default=False)
    disability: Mapped[bool] = mapped_column(default=False)
    revolutionary_merit: Mapped[bool] = mapped_column(default=False)
    demobilised_soldier: Mapped[bool] = mapped_column(default=False)
    land_recovered: Mapped[bool] = mapped_column(default=False)
    woman_lost_job: Mapped[bool] = mapped_column(default=False)

    response: Mapped[HouseholdResponse] = relationship(back_populates="members")
    choices: Mapped[list["TradeChoice"]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="TradeChoice.rank"
    )


class TradeChoice(Base):
    """One of up to three ranked trades a member wants; free text when not in the catalogue."""

    __tablename__ = "trade_choice"
    __table_args__ = (
        CheckConstraint("rank BETWEEN 1 AND 3", name="rank_range"),
        Index("ix_trade_choice_trade_rank", "trade_id", "rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("household_member.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int]
    trade_id: Mapped[int | None] = mapped_column(ForeignKey("trade.id"))
    other_text: Mapped[str | None] = mapped_column(String(200))

    member: Mapped[HouseholdMember] = relationship(back_populates="choices")
    trade: Mapped[Trade | None] = relationship()
