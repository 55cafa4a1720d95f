"""A business's answers, saved through its invitation: drafts and submissions as versions.

Every save that changes something is a new version (``BusinessResponse`` row)
and an audit entry; the earlier versions are kept. Saving the same answer
again (a double tap, a reload that posts twice) adds nothing. Once submitted,
an answer stays submitted: later changes are submitted versions too, so a
planner never sees a submitted business fall back to a draft. Nothing changes
once the round is no longer open. Paper questionnaires imported by a planner
(services/business_imports.py) become versions through ``add_version`` too.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessNeed,
    BusinessResponse,
    Invitation,
    InvitationStatus,
    Level,
    NeedKind,
    RoundStatus,
    Trade,
)
from survey_app.models.base import utcnow
from survey_app.services import audit, business_rules
from survey_app.services.errors import FieldError
from survey_app.services.household_rules import InvalidResponse

ROUND_NOT_OPEN = _l("The survey is not open, so answers cannot be changed.")
TAX_CODE_TAKEN = _l("Tax code belongs to another business in the survey: check it, or call the "
                    "Department if it is yours.")
# The Business columns the respondent's profile answers keep up to date.
PROFILE = ("tax_code", "sector", "size_band", "ownership")


@dataclass(frozen=True)
class Saved:
    response: BusinessResponse
    changed: bool


def actor(invitation: Invitation) -> str:
    """How the audit log names a respondent: by invitation, never by token."""
    return f"invitation:{invitation.id}"


def current(invitation: Invitation) -> BusinessResponse | None:
    """The latest version of the answers of the invited business in the invitation's round.

    Looked up by business, not by invitation: a business keyed from paper before it was
    invited finds its answers behind the link, and never gets a second answer in the round.
    """
    return db.session.scalar(
        select(BusinessResponse).where(BusinessResponse.round_id == invitation.round_id,
                                       BusinessResponse.business_id == invitation.business_id,
                                       BusinessResponse.is_current.is_(True)))


def editable(invitation: Invitation) -> bool:
    return invitation.round.status == RoundStatus.OPEN


def mark_opened(invitation: Invitation, *, ip: str | None) -> None:
    """Record the first opening of the link, for the planner's list."""
    if invitation.status != InvitationStatus.NOT_OPENED:
        return
    invitation.status = InvitationStatus.OPENED
    invitation.opened_at = utcnow()
    audit.record("invitation.opened", actor=actor(invitation), obj=invitation, ip=ip)


def save(invitation: Invitation, data: dict, *, submit: bool, ip: str | None) -> Saved:
    """Store ``data`` as the invitation's newest version, as a draft or submitted.

    Raises ``InvalidResponse`` (errors by field) or ``FieldError`` on the round
    being closed; nothing is stored then.
    """
    if not editable(invitation):
        raise FieldError("round", ROUND_NOT_OPEN)
    # Two saves of one link at the same moment must not both become the current version.
    db.session.execute(select(Invitation.id).where(Invitation.id == invitation.id)
                       .with_for_update())
    latest = current(invitation)
    submit = submit or (latest is not None and latest.submitted)
    answer = business_rules.validate(data, survey_round=invitation.round, complete=submit)
    _check_tax_code_free(invitation, answer["tax_code"])
    if latest is not None and latest.payload == answer and latest.submitted == submit:
        return Saved(latest, changed=False)
    response = add_version(invitation.business, answer, invitation.round,
                           invitation=invitation, latest=latest, submit=submit)
    db.session.flush()
    audit.record("business_response.submit" if submit else "business_response.save",
                 actor=actor(invitation), obj=response, ip=ip, version=response.version,
                 invitation_id=invitation.id)
    return Saved(response, changed=True)


def add_version(business: Business, answer: dict, survey_round, *,
                invitation: Invitation | None, latest: BusinessResponse | None, submit: bool,
                instance_id: str | None = None) -> BusinessResponse:
    """Add ``answer`` (validated) as the business's current version after ``latest``, keep the
    business's profile up to date, and mark ``invitation``'s progress. The caller audits."""
    now = utcnow()
    if latest is not None:
        latest.is_current = False
        # Written before the new current version, so that no moment has two.
        db.session.flush()
    response = BusinessResponse(
        round_id=survey_round.id, business=business, invitation=invitation,
        instance_id=instance_id, version=(latest.version + 1) if latest else 1,
        is_current=True, submitted=submit, saved_at=now,
        submitted_at=(latest.submitted_at if latest and latest.submitted else now) if submit
        else None,
        payload=answer, contact_name=answer["contact_name"],
        contact_phone=answer["contact_phone"], skills_lacking=answer["skills_lacking"],
        **{flag: answer[flag] for flag in business_rules.COOPERATION},
        needs=_needs(answer["needs"]),
    )
    db.session.add(response)
    _update_business(business, answer, survey_round)
    if invitation is not None and invitation.status != InvitationStatus.SUBMITTED:
        invitation.status = InvitationStatus.SUBMITTED if submit else InvitationStatus.IN_PROGRESS
        invitation.opened_at = invitation.opened_at or now
    return response


def _check_tax_code_free(invitation: Invitation, tax_code: str | None) -> None:
    if tax_code is None:
        return
    holder = db.session.scalar(select(Business.id).where(Business.tax_code == tax_code))
    if holder is not None and holder != invitation.business_id:
        raise InvalidResponse({"tax_code": TAX_CODE_TAKEN})


def _needs(needs: list[dict]) -> list[BusinessNeed]:
    codes = {n["trade_code"] for n in needs if n["trade_code"]}
    trade_ids = dict(db.session.execute(
        select(Trade.code, Trade.id).where(Trade.code.in_(codes))).all()) if codes else {}
    return [BusinessNeed(position=position, kind=NeedKind(need["kind"]),
                         trade_id=trade_ids.get(need["trade_code"]),
                         other_text=need["other_text"], workers=need["workers"],
                         level=Level(need["level"]), quarter=need["quarter"],
                         wage_offered_vnd=need["wage_offered_vnd"])
            for position, need in enumerate(needs, start=1)]


def _update_business(business: Business, answer: dict, survey_round) -> None:
    """Keep the business's profile as its respondent last gave it; blanks keep what was known."""
    if answer["business_name"]:
        business.name = answer["business_name"]
    for field in PROFILE:
        if answer[field] is not None:
            setattr(business, field, answer[field])
    if answer["commune_code"] is not None:
        commune = business_rules.round_commune(answer["commune_code"], survey_round)
        district = business_rules.district_of(commune)
        business.commune_id, business.district_id = commune.id, district and district.id
