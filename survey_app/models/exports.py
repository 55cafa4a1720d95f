"""Spreadsheet exports the worker prepares: a row per file asked for, kept after its file is
deleted so the page can say it expired."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, str_enum, tz_datetime, utcnow
from survey_app.models.rounds import SurveyRound
from survey_app.models.users import User


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"
    EXPIRED = "expired"


class DataExport(Base):
    __tablename__ = "data_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # A key of services.exports.DATASETS and a file type ("xlsx").
    dataset: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(5))
    identified: Mapped[bool] = mapped_column(default=False)
    # The language of the file's headers: the planner's when asking.
    language: Mapped[str] = mapped_column(String(5), default="vi")
    status: Mapped[ExportStatus] = mapped_column(str_enum(ExportStatus),
                                                 default=ExportStatus.QUEUED)
    created_at: Mapped[datetime] = mapped_column(tz_datetime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(tz_datetime())
    # When the file is deleted (personal data must not linger); set when asked for.
    expires_at: Mapped[datetime] = mapped_column(tz_datetime(), index=True)
    rows_written: Mapped[int] = mapped_column(default=0)
    size_bytes: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)

    round: Mapped[SurveyRound] = relationship()
    requested_by: Mapped[User] = relationship()
