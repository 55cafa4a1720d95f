"""Forms of the invitation pages.

The forms carry the fields and the CSRF token; the rules of an invitation live
in services/invitations.py, whose errors the views put back on the field they name.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import Optional

ALL_OR_NOTHING = "all_or_nothing"
GOOD_ROWS = "good_rows"


class InvitationForm(FlaskForm):
    # Choices of district and commune set by the view, from the reference data.
    business_name = StringField(_l("Business name"))
    tax_code = StringField(_l("Tax code"), render_kw={"inputmode": "numeric",
                                                      "autocomplete": "off"})
    district = SelectField(_l("District"), validate_choice=False)
    commune = SelectField(_l("Commune"), validate_choice=False)
    contact_name = StringField(_l("Contact person"))
    contact_phone = StringField(_l("Contact phone"), render_kw={"inputmode": "tel"})
    contact_email = StringField(_l("Contact e-mail"), render_kw={"inputmode": "email"})

    FIELDS = ("business_name", "tax_code", "district", "commune", "contact_name",
              "contact_phone", "contact_email")


class UploadForm(FlaskForm):
    file = FileField(_l("Invitation list (.xlsx or .csv)"),
                     validators=[FileRequired(_l("Choose the file to upload."))])
    mode = RadioField(_l("If some rows are wrong"), default=ALL_OR_NOTHING, choices=[
        SelectChoice(ALL_OR_NOTHING,
                     _l("Create nothing: I will correct the file and upload it again")),
        SelectChoice(GOOD_ROWS, _l("Create the correct rows now and list the wrong ones")),
    ])


class FilterForm(FlaskForm):
    """The list's filters, read from the URL so that a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    # Choices set by the view.
    status = SelectField(_l("Status"), validators=[Optional()])
    district = SelectField(_l("District"), validators=[Optional()])
    q = SearchField(_l("Business name or tax code"), validators=[Optional()])


class ActionForm(FlaskForm):
    """Revoke, re-issue, letters: a button, with the CSRF token."""


class NewLinksForm(FlaskForm):
    confirm = BooleanField(_l("I understand that links already sent to these businesses "
                              "will stop working"))
