"""Survey rounds and their per-commune targets."""

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, TimestampMixin, str_enum
from survey_app.models.regions import Region


class RoundStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class SurveyRound(TimestampMixin, Base):
    __tablename__ = "survey_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    year: Mapped[int]
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    status: Mapped[RoundStatus] = mapped_column(str_enum(RoundStatus), default=RoundStatus.DRAFT)
    # Off by default: businesses answer through personal invitation links.
    open_registration: Mapped[bool] = mapped_column(default=False)

    targets: Mapped[list["RoundTarget"]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )


class RoundTarget(Base):
    """How many households the round should survey in one commune."""

    __tablename__ = "round_target"
    __table_args__ = (UniqueConstraint("round_id", "commune_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"))
    commune_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    target_households: Mapped[int]

    round: Mapped[SurveyRound] = relationship(back_populates="targets")
    commune: Mapped[Region] = relationship()
