"""Accounts, roles and the areas a surveyor or supervisor works in."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from survey_app.models.base import Base, TimestampMixin, str_enum, tz_datetime
from survey_app.models.regions import Region

# Slow on purpose: scrypt at werkzeug's work factor takes about 0.15 s a hash here. The test
# suite, which creates thousands of accounts, swaps in a one-round hash (tests/conftest.py).
PASSWORD_METHOD = "scrypt"


class Role(enum.StrEnum):
    SURVEYOR = "surveyor"
    SUPERVISOR = "supervisor"
    PLANNER = "planner"
    ADMIN = "admin"


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    last_login_at: Mapped[datetime | None] = mapped_column(tz_datetime())

    areas: Mapped[list["UserArea"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sessions of deactivated accounts
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserArea(Base):
    """A district or commune assigned to a user; a district covers all its communes."""

    __tablename__ = "user_area"
    __table_args__ = (UniqueConstraint("user_id", "region_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))

    user: Mapped[User] = relationship(back_populates="areas")
    region: Mapped[Region] = relationship()
