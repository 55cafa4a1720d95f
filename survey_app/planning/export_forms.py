"""The identified export's form: it asks for a confirmation and the purpose, which the audit
log keeps."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length

from survey_app.services.exports import DATASETS

PURPOSE_MAX = 500
FORMAT_CHOICES = [SelectChoice("xlsx", "XLSX (Excel)"), SelectChoice("csv", "CSV")]


class IdentifiedExportForm(FlaskForm):
    dataset = RadioField(_l("Data"),
                         choices=[SelectChoice(d.name, d.title) for d in DATASETS.values()],
                         default="households",
                         validators=[DataRequired(_l("Choose the data to export."))])
    fmt = RadioField(_l("File type"), choices=FORMAT_CHOICES, default="xlsx",
                     validators=[DataRequired(_l("Choose a file type."))])
    purpose = TextAreaField(
        _l("Why are names and phone numbers needed?"),
        validators=[DataRequired(_l("Say why the names and phone numbers are needed.")),
                    Length(max=PURPOSE_MAX)])
    confirm = BooleanField(
        _l("I will keep this file safe, share it with no one who does not need it, "
           "and delete it when done."),
        validators=[DataRequired(
            _l("Tick the box to confirm you will protect this personal data."))])
