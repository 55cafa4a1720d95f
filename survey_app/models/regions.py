"""Administrative regions: province > district > commune, with validity in time."""

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.models.base import Base, str_enum


class RegionLevel(enum.StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class Region(Base):
    """One administrative unit as it stood between ``valid_from`` and ``valid_to``.

    Codes are the official GSO codes. The 2025 reform re-used some codes for
    new units, so a code is unique only together with its start date.
    """

    __tablename__ = "region"
    __table_args__ = (
        UniqueConstraint("level", "code", "valid_from"),
        Index("ix_region_parent_id_level", "parent_id", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[RegionLevel] = mapped_column(str_enum(RegionLevel))
    code: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    population: Mapped[int | None]
    households: Mapped[int | None]
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    parent: Mapped["Region | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Region"]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"<Region {self.level} {self.code} {self.name_vi}>"
