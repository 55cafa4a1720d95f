"""A supervisor's review of household responses: approve, send back, reject.

Only a supervisor whose areas cover the response's district (or its commune)
may review it, and only its current version. A response waiting for review
(received) becomes approved, has issues (sent back to its surveyor with a
comment) or rejected. Approved and rejected are final; a response sent back
comes back as a new version, received, when its surveyor edits it (the
surveyor's service makes that version). Each action is audited.
"""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l

from survey_app.models import HouseholdResponse, ReviewStatus, Role, User
from survey_app.services import audit
from survey_app.services.errors import FieldError
from survey_app.services.users import area_ids

COMMENT_MAX = 1000
ACTIONS = {
    ReviewStatus.APPROVED: "response.approve",
    ReviewStatus.HAS_ISSUES: "response.send_back",
    ReviewStatus.REJECTED: "response.reject",
}
ALREADY = {
    ReviewStatus.APPROVED: _l("This response has already been approved."),
    ReviewStatus.HAS_ISSUES: _l(
        "This response was sent back to its surveyor; it can be reviewed again once they "
        "send the corrected version."),
    ReviewStatus.REJECTED: _l("This response has already been rejected."),
}


class ReviewError(FieldError):
    """A review action that cannot be done, naming the field at fault."""


class NotReviewer(PermissionError):
    """The user may not review this response (not a supervisor of its district)."""


def may_review(user: User, response: HouseholdResponse) -> bool:
    """True when ``user`` supervises the response's district or commune."""
    if user.role != Role.SUPERVISOR:
        return False
    areas = area_ids(user)
    return response.district_id in areas or response.commune_id in areas


def approve(actor: User, response: HouseholdResponse, comment: str | None = None) -> None:
    _review(actor, response, ReviewStatus.APPROVED, comment, comment_required=False)


def send_back(actor: User, response: HouseholdResponse, comment: str | None) -> None:
    _review(actor, response, ReviewStatus.HAS_ISSUES, comment, comment_required=True)


def reject(actor: User, response: HouseholdResponse, comment: str | None) -> None:
    _review(actor, response, ReviewStatus.REJECTED, comment, comment_required=True)


def _review(actor: User, response: HouseholdResponse, status: ReviewStatus, comment: str | None,
            *, comment_required: bool) -> None:
    if not may_review(actor, response):
        raise NotReviewer(response.id)
    if not response.is_current:
        raise ReviewError("status", _l(
            "This is an earlier version; only the latest version can be reviewed."))
    if response.status != ReviewStatus.RECEIVED:
        raise ReviewError("status", ALREADY[response.status])
    comment = (comment or "").strip()
    if comment_required and not comment:
        raise ReviewError("comment", _l("Write what the surveyor should know: the reason."))
    if len(comment) > COMMENT_MAX:
        raise ReviewError("comment", _l("Use at most %(n)d characters.", n=COMMENT_MAX))
    response.status = status
    response.review_comment = comment or None
    response.reviewed_by_id = actor.id
    response.reviewed_at = datetime.now(UTC)
    audit.record(ACTIONS[status], user=actor, obj=response, instance_id=str(response.instance_id),
                 comment=comment or None)
