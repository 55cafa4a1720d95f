"""Forms of the survey round pages.

The forms check presence and shape; the rules on names, dates, status changes
and targets live in services/round_admin.py, whose errors the views put back
on the field they name.
"""

from datetime import date

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
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from survey_app.fields import Checked, WholeNumberField, field_message
from survey_app.models import RoundStatus, SurveyRound
from survey_app.services import round_admin
from survey_app.services.round_admin import REASON_MAX

REQUIRED = _l("This field is required.")


class RoundForm(FlaskForm):
    """The round's details; the service's rules run on each field, so every bad one is flagged
    in one submission."""

    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED)])
    year = IntegerField(_l("Year"),
                        validators=[InputRequired(REQUIRED), Checked(round_admin.check_year)])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired(REQUIRED)])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired(REQUIRED)])
    open_registration = BooleanField(_l("Businesses may register themselves"))

    # The fields the service receives.
    EDITABLE = ("name", "year", "opens_on", "closes_on", "open_registration")

    def __init__(self, *args, survey_round: SurveyRound | None = None, **kwargs):
        """``survey_round``: the round edited, whose values the form shows and whose own name
        is no twin; None for a new round."""
        super().__init__(*args, obj=survey_round, **kwargs)
        self.survey_round = survey_round

    def validate_name(self, field):
        with field_message():
            round_admin.check_name(field.data, self.survey_round)

    def validate_closes_on(self, field):
        # A day that is missing or unreadable has its own message already.
        if isinstance(self.opens_on.data, date) and isinstance(field.data, date):
            with field_message():
                round_admin.check_dates(self.opens_on.data, field.data)


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
    # No upper bound here: the service refuses a total above the communes' households.
    total = WholeNumberField(_l("Households to survey in all"),
                             validators=[InputRequired(REQUIRED)], low=1)
    # Choices set by the view: the round's districts.
    districts = SelectMultipleField(_l("Only in these districts"), coerce=int,
                                    validate_choice=True)
    # Shown when the round has targets: the service asks for it before overwriting any.
    replace = BooleanField(_l("Replace the existing targets"))
