"""Forms of the supervisor's review pages.

The forms check shape only; whether a comment is needed and which status may
change is decided by services/review.py, whose errors the views put back on
the field they name.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import Optional

from survey_app.models import ReviewStatus
from survey_app.services.quality import FLAG_LABELS

STATUS_LABELS = {
    ReviewStatus.RECEIVED: _l("Waiting for review"),
    ReviewStatus.APPROVED: _l("Approved"),
    ReviewStatus.HAS_ISSUES: _l("Sent back"),
    ReviewStatus.REJECTED: _l("Rejected"),
}


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    # Commune and surveyor choices depend on the supervisor's districts; set by the view.
    commune = SelectField(_l("Commune"), coerce=str, validators=[Optional()])
    surveyor = SelectField(_l("Surveyor"), coerce=str, validators=[Optional()])
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(status.value, label) for status, label in STATUS_LABELS.items()]
        + [SelectChoice("all", _l("All statuses"))],
        default=ReviewStatus.RECEIVED.value,
    )
    flag = SelectField(
        _l("Flag"),
        choices=[SelectChoice("", _l("Any or none"))]
        + [SelectChoice(code, label) for code, label in FLAG_LABELS.items()],
        validators=[Optional()],
    )


class ReviewForm(FlaskForm):
    comment = TextAreaField(_l("Comment for the surveyor"))
