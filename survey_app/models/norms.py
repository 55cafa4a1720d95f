"""Support rules that cost and size courses: Decision 46/2015 and Circular 42/2015."""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.models.base import Base, TimestampMixin


class SupportNorm(TimestampMixin, Base):
    """Maximum training support per learner and course for one priority group.

    A learner in several groups gets the group with the smallest ``rank``.
    """

    __tablename__ = "support_norm"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_code: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    max_training_support_vnd: Mapped[int]
    rank: Mapped[int]


class Allowance(TimestampMixin, Base):
    """Meals and travel support paid on top of training support."""

    __tablename__ = "allowance"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    amount_vnd: Mapped[int]
    unit: Mapped[str] = mapped_column(String(200))
    condition: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(200))


class ClassRule(TimestampMixin, Base):
    """Largest class allowed for a kind of class and group of learners."""

    __tablename__ = "class_rule"
    __table_args__ = (UniqueConstraint("rule", "applies_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(40))
    applies_to: Mapped[str] = mapped_column(String(80))
    max_learners: Mapped[int]
    source: Mapped[str] = mapped_column(String(200))
