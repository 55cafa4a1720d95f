"""Checking credentials, with a throttle on repeated failures.

Failures are counted from the audit log rather than process memory, so the
throttle holds across gunicorn workers and machines.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from survey_app.extensions import db
from survey_app.models import AuditEntry, User
from survey_app.models.base import utcnow
from survey_app.services import audit

FAILED = "signin.failed"
SUCCEEDED = "signin"


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


@dataclass(frozen=True)
class SigninResult:
    user: User | None = None
    throttled: bool = False


def recent_failures(username: str, ip: str | None, window: timedelta) -> int:
    since = utcnow() - window
    who = AuditEntry.actor == username.lower()
    if ip:
        who = or_(who, AuditEntry.ip == ip)
    query = select(func.count()).where(AuditEntry.action == FAILED, AuditEntry.at >= since, who)
    return db.session.scalar(query)


def authenticate(
    username: str, password: str, *, ip: str | None, max_failures: int, window: timedelta
) -> SigninResult:
    """The active user with these credentials, or why there is none.

    The same answer is given for an unknown name, a wrong password and a
    deactivated account, so the form does not reveal which accounts exist.
    """
    username = username.strip().lower()
    if recent_failures(username, ip, window) >= max_failures:
        audit.record(FAILED, actor=username, ip=ip, reason="throttled")
        return SigninResult(throttled=True)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username))
    if user is None:
        # Hash anyway: answering an unknown name faster would tell which names exist.
        check_password_hash(_decoy_hash(), password)
    if user is None or not user.check_password(password) or not user.active:
        audit.record(FAILED, actor=username, user=None, ip=ip,
                     reason="inactive" if user is not None and user.active is False else "bad")
        return SigninResult()
    user.last_login_at = utcnow()
    audit.record(SUCCEEDED, user=user, ip=ip)
    return SigninResult(user=user)
