"""Checking credentials, with a throttle on repeated failures.

Failures are counted from the audit log rather than process memory, so the
throttle holds across gunicorn workers and machines.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from survey_app.extensions import db
from survey_app.models import AuditEntry, User, users
from survey_app.models.base import utcnow
from survey_app.services import audit

FAILED = "signin.failed"
SUCCEEDED = "signin"


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16), method=users.PASSWORD_METHOD)


@dataclass(frozen=True)
class SigninResult:
    user: User | None = None
    throttled: bool = False


@dataclass(frozen=True)
class Throttle:
    """Failed attempts allowed within ``window``, per account name and per address.

    The address limit is much higher: a district office, or every user behind
    a proxy, shares one address, and one person's typos must not lock out the rest.
    """

    per_account: int
    per_address: int
    window: timedelta

    def locked(self, username: str, ip: str | None) -> bool:
        since = utcnow() - self.window
        failures = select(func.count()).where(AuditEntry.action == FAILED, AuditEntry.at >= since)
        if db.session.scalar(failures.where(AuditEntry.actor == username)) >= self.per_account:
            return True
        return bool(ip) and (db.session.scalar(failures.where(AuditEntry.ip == ip))
                             >= self.per_address)


def authenticate(username: str, password: str, *, ip: str | None,
                 throttle: Throttle) -> SigninResult:
    """The active user with these credentials, or why there is none.

    The same answer is given for an unknown name, a wrong password and a
    deactivated account, so the form does not reveal which accounts exist.
    """
    username = username.strip().lower()
    if throttle.locked(username, ip):
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
