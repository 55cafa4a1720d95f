"""Invitation tokens: the secret in a business's link, of which only a hash is stored.

Lookups are throttled per address, counted from the audit log as the sign-in
throttle is (services/signin.py), so the limit holds across workers and machines.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import AuditEntry, Invitation, InvitationStatus
from survey_app.models.base import utcnow
from survey_app.services import audit

FAILED = "business.token_failed"
REGISTERED = "business.registration"


def new_token() -> str:
    """A fresh random token for an invitation link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 hex digest stored in place of ``token``."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation this token opens, or None when it is unknown or revoked."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if (invitation is None or invitation.revoked_at is not None
            or invitation.status == InvitationStatus.REVOKED):
        return None
    return invitation


@dataclass(frozen=True)
class Throttle:
    """At most ``per_address`` audit entries of ``action`` from one address within ``window``.

    The address is all that is known of someone holding a link. The limit is far above
    what an office sharing one address reaches by mistyping links, and far below
    what guessing needs (a token has 256 bits).
    """

    action: str
    per_address: int
    window: timedelta

    def locked(self, ip: str | None) -> bool:
        if not ip:
            return False
        since = utcnow() - self.window
        count = db.session.scalar(select(func.count()).where(
            AuditEntry.action == self.action, AuditEntry.ip == ip, AuditEntry.at >= since))
        return count >= self.per_address


def record_failure(ip: str | None) -> None:
    """Count a lookup with an unknown or revoked token (the token itself is not kept)."""
    audit.record(FAILED, ip=ip)
