"""Demo invitation links that open: each token is derived from the seed and the tax code.

Real tokens are random and never stored (services/tokens.py). A demo token is
computable instead, so that `flask demo links` can print links that open the
demo businesses' forms. Anyone who knows the seed can open them: like the demo
passwords, they are for a demo database only.
"""

import base64
import hashlib

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Business, Invitation, InvitationStatus
from survey_app.services.tokens import token_hash

# The order `flask demo links` shows them in: the states a tester wants to try first.
STATUS_ORDER = (InvitationStatus.NOT_OPENED, InvitationStatus.OPENED,
                InvitationStatus.IN_PROGRESS, InvitationStatus.SUBMITTED)


def demo_token(seed: int, tax_code: str) -> str:
    """The token of the demo business with ``tax_code`` in the demo loaded with ``seed``."""
    digest = hashlib.sha256(f"survey-app demo invitation|{seed}|{tax_code}".encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def working_links(seed: int, per_status: int = 1) -> list[tuple[Invitation, str]]:
    """Up to ``per_status`` demo invitations of each status whose derived token still opens
    them (not re-issued or revoked since), with that token."""
    found = []
    for status in STATUS_ORDER:
        invitations = db.session.scalars(
            select(Invitation).join(Invitation.business).where(Invitation.status == status)
            .order_by(Business.name, Invitation.id))
        kept = 0
        for invitation in invitations:
            token = demo_token(seed, invitation.business.tax_code or "")
            if invitation.token_hash == token_hash(token):
                found.append((invitation, token))
                kept += 1
                if kept == per_status:
                    break
    return found
