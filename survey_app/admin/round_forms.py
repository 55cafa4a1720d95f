"""Forms of the survey round pages.

The forms check presence and shape; the rules on names, dates, status changes
and targets live in services/round_admin.py, whose errors the views put back
on the field they name.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from survey_app.models import RoundStatus
from survey_app.services.round_admin import NAME_MAX, REASON_MAX

REQUIRED = _l("This field is required.")


class RoundForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=NAME_MAX)])
    year = IntegerField(_l("Year"), validators=[InputRequired(REQUIRED)])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired(REQUIRED)])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired(REQUIRED)])
    open_registration = BooleanField(_l("Businesses may register themselves"))

    # The fields the service receives.
    EDITABLE = ("name", "year", "opens_on", "closes_on", "open_registration")


class StatusForm(FlaskForm):
    status = HiddenField(validators=[AnyOf([s.value for s in RoundStatus])])
    reason = TextAreaField(_l("Why is the round reopened?"),
                           validators=[Optional(), Length(max=REASON_MAX)])


class TargetsForm(FlaskForm):
    """Only the CSRF token: the communes come from the reference data, so their inputs
    (``target-<commune id>``) are read with ``submitted_targets``."""


def target_field(commune_id: int) -> str:
    return f"target-{commune_id}"


def submitted_targets(formdata, commune_ids) -> dict[int, str]:
    """The value typed for each of ``commune_ids`` that the form sent."""
    return {commune_id: formdata[target_field(commune_id)] for commune_id in commune_ids
            if target_field(commune_id) in formdata}


class DistributeForm(FlaskForm):
    total = IntegerField(_l("Households to survey in all"),
                         validators=[InputRequired(REQUIRED), NumberRange(min=0)])
    # Choices set by the view: the round's districts.
    districts = SelectMultipleField(_l("Only in these districts"), coerce=int,
                                    validate_choice=True)
