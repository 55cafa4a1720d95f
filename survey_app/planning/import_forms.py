"""The form of the questionnaire import page; the rules of a response live in
services/household_rules.py and services/business_rules.py, whose errors the import reports
by line and column."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectChoice, SelectField, ValidationError

HOUSEHOLDS = "households"
BUSINESSES = "businesses"
ALL_OR_NOTHING = "all_or_nothing"
GOOD_ROWS = "good_rows"


class ImportForm(FlaskForm):
    kind = RadioField(_l("Questionnaires of"), default=HOUSEHOLDS, choices=[
        SelectChoice(HOUSEHOLDS, _l("Households")), SelectChoice(BUSINESSES, _l("Businesses"))])
    file = FileField(_l("Questionnaires (.xlsx or .csv)"),
                     validators=[FileRequired(_l("Choose the file to upload."))])
    # Choices set by the view: the active surveyors. Household responses are theirs, and must
    # lie in their assigned area, as if they had sent them from the tablet.
    surveyor = SelectField(_l("Surveyor who did the interviews (households only)"))
    mode = RadioField(_l("If some rows are wrong"), default=ALL_OR_NOTHING, choices=[
        SelectChoice(ALL_OR_NOTHING,
                     _l("Store nothing: I will correct the file and upload it again")),
        SelectChoice(GOOD_ROWS, _l("Store the correct questionnaires now and list the wrong "
                                   "rows")),
    ])

    def validate_surveyor(self, field):
        if self.kind.data == HOUSEHOLDS and not field.data:
            raise ValidationError(_l("Choose the surveyor."))
