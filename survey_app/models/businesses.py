"""Businesses, their invitation links, their responses and their hiring needs."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, TimestampMixin, str_enum, tz_datetime, utcnow
from survey_app.models.regions import Region
from survey_app.models.rounds import SurveyRound
from survey_app.models.trades import Level, Trade
from survey_app.models.users import User


class Business(TimestampMixin, Base):
    __tablename__ = "business"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # Vietnamese enterprise code: 10 digits, or 10 digits + "-" + 3-digit branch.
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    sector: Mapped[str | None] = mapped_column(String(2))  # VSIC 2018 section letter
    size_band: Mapped[str | None] = mapped_column(String(20))
    ownership: Mapped[str | None] = mapped_column(String(30))

    district: Mapped[Region | None] = relationship(foreign_keys=[district_id])
    commune: Mapped[Region | None] = relationship(foreign_keys=[commune_id])


class InvitationStatus(enum.StrEnum):
    NOT_OPENED = "not_opened"
    OPENED = "opened"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    REVOKED = "revoked"


class Invitation(TimestampMixin, Base):
    """A personal link for one business in one round; only the token's hash is stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), index=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(
        str_enum(InvitationStatus), default=InvitationStatus.NOT_OPENED
    )
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime | None] = mapped_column(tz_datetime())
    revoked_at: Mapped[datetime | None] = mapped_column(tz_datetime())

    round: Mapped[SurveyRound] = relationship()
    business: Mapped[Business] = relationship()
    created_by: Mapped[User | None] = relationship()


class BusinessResponse(Base):
    """One version of a business's answers; edits add versions, the latest is current."""

    __tablename__ = "business_response"
    __table_args__ = (Index("ix_business_response_round_current", "round_id", "is_current"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"))
    business_id: Mapped[int] = mapped_column(ForeignKey("business.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))
    # The questionnaire id of a paper questionnaire imported (services/business_imports.py),
    # as a UUID's text: importing it again finds it. None for answers given online.
    instance_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    is_current: Mapped[bool] = mapped_column(default=True)
    submitted: Mapped[bool] = mapped_column(default=False)
    saved_at: Mapped[datetime] = mapped_column(tz_datetime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(tz_datetime())
    payload: Mapped[dict] = mapped_column(JSON)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    skills_lacking: Mapped[str | None] = mapped_column(Text)
    provide_trainers: Mapped[bool] = mapped_column(default=False)
    provide_workshop: Mapped[bool] = mapped_column(default=False)
    take_apprentices: Mapped[bool] = mapped_column(default=False)
    commit_to_hire: Mapped[bool] = mapped_column(default=False)
    co_fund: Mapped[bool] = mapped_column(default=False)

    round: Mapped[SurveyRound] = relationship()
    business: Mapped[Business] = relationship()
    invitation: Mapped[Invitation | None] = relationship()
    needs: Mapped[list["BusinessNeed"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="BusinessNeed.position"
    )


class NeedKind(enum.StrEnum):
    VACANCY = "vacancy"  # open now
    PLAN = "plan"  # to hire within 12 months


class BusinessNeed(Base):
    __tablename__ = "business_need"
    __table_args__ = (Index("ix_business_need_trade_level", "trade_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("business_response.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[NeedKind] = mapped_column(str_enum(NeedKind), default=NeedKind.PLAN)
    trade_id: Mapped[int | None] = mapped_column(ForeignKey("trade.id"))
    other_text: Mapped[str | None] = mapped_column(String(200))
    workers: Mapped[int]
    level: Mapped[Level] = mapped_column(str_enum(Level))
    quarter: Mapped[int | None]
    wage_offered_vnd: Mapped[int | None]

    response: Mapped[BusinessResponse] = relationship(back_populates="needs")
    trade: Mapped[Trade | None] = relationship()
