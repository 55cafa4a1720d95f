"""Course plans: immutable once made, so a PDF traces back to its data and settings."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, str_enum, tz_datetime, utcnow
from survey_app.models.rounds import SurveyRound
from survey_app.models.users import User


class PlanStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(tz_datetime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(tz_datetime())
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus), default=PlanStatus.QUEUED)
    language: Mapped[str] = mapped_column(String(5), default="vi")
    params: Mapped[dict] = mapped_column(JSON)
    # SHA-256 over the analysis inputs the plan read.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    # Read only when used: a result is megabytes of JSON, a PDF hundreds of KB, and the lists
    # of plans need neither.
    result: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    error: Mapped[str | None] = mapped_column(Text)

    round: Mapped[SurveyRound] = relationship()
    created_by: Mapped[User | None] = relationship()
