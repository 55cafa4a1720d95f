"""Open registration: a business not invited may join a round that allows it.

See docs/business-respondent.md.

A tax code already invited to the round, or already answering it, is told so
and nothing else: whoever types a tax code learns whether it takes part, never
what it answered, and gets no link to it.
"""

import enum
from dataclasses import dataclass

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessResponse,
    Invitation,
    InvitationStatus,
    SurveyRound,
)
from survey_app.models.base import utcnow
from survey_app.services import audit, tokens


class Outcome(enum.StrEnum):
    CREATED = "created"
    INVITED = "invited"
    ANSWERED = "answered"


@dataclass(frozen=True)
class Registration:
    outcome: Outcome
    token: str | None = None


def register(survey_round: SurveyRound, tax_code: str, name: str, *,
             ip: str | None) -> Registration:
    """Join ``survey_round`` as the business with ``tax_code`` (already checked), if it may.

    Every attempt is audited with its address: the registration throttle counts them.
    """
    business = db.session.scalar(select(Business).where(Business.tax_code == tax_code))
    outcome = _taking_part(survey_round, business)
    if outcome is not None:
        audit.record(tokens.REGISTERED, ip=ip, object_type="survey_round",
                     object_id=survey_round.id, outcome=outcome.value)
        return Registration(outcome)
    if business is None:
        business = Business(name=name, tax_code=tax_code)
        db.session.add(business)
    token = tokens.new_token()
    invitation = Invitation(round=survey_round, business=business,
                            token_hash=tokens.token_hash(token),
                            status=InvitationStatus.OPENED, opened_at=utcnow())
    db.session.add(invitation)
    db.session.flush()
    audit.record(tokens.REGISTERED, ip=ip, obj=invitation, outcome=Outcome.CREATED.value,
                 business_id=business.id)
    return Registration(Outcome.CREATED, token)


def _taking_part(survey_round: SurveyRound, business: Business | None) -> Outcome | None:
    if business is None:
        return None
    answered = db.session.scalar(select(BusinessResponse.id).where(
        BusinessResponse.round_id == survey_round.id,
        BusinessResponse.business_id == business.id).limit(1))
    if answered is not None:
        return Outcome.ANSWERED
    invited = db.session.scalar(select(Invitation.id).where(
        Invitation.round_id == survey_round.id, Invitation.business_id == business.id,
        Invitation.revoked_at.is_(None),
        Invitation.status != InvitationStatus.REVOKED).limit(1))
    return Outcome.INVITED if invited is not None else None
