"""The training catalogue and the levels a course can have."""

import enum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.models.base import Base, TimestampMixin, str_enum


class Level(enum.StrEnum):
    """Training levels under Law 74/2014 on vocational education."""

    SHORT = "thuong_xuyen"  # under 3 months
    ELEMENTARY = "so_cap"  # 3 months to under 1 year, at least 300 hours
    INTERMEDIATE = "trung_cap"  # 1–2 years
    COLLEGE = "cao_dang"  # 2–3 years


class Trade(TimestampMixin, Base):
    __tablename__ = "trade"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    isced_f: Mapped[str] = mapped_column(String(4))
    group: Mapped[str] = mapped_column(String(40))
    typical_level: Mapped[Level] = mapped_column(str_enum(Level))
    typical_duration_months: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Trade {self.code} {self.name_vi}>"
