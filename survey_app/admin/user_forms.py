"""Forms of the user administration pages.

The forms check presence and shape; the rules on usernames, passwords and
areas live in services/users.py, whose errors the views put back on the
field they name.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
)
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, Optional, ValidationError

from survey_app.fields import Checked
from survey_app.models import Role
from survey_app.services import users
from survey_app.templating import ROLE_LABELS

ROLE_CHOICES = [SelectChoice(role.value, ROLE_LABELS[role]) for role in Role]
REQUIRED = _l("This field is required.")


# The service's rules run on each field (Checked), so every bad field is flagged in one
# submission rather than one per submission as the service finds them.
class _ProfileFields:
    full_name = StringField(_l("Full name"),
                            validators=[DataRequired(REQUIRED), Checked(users.check_full_name)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired(REQUIRED)])
    email = EmailField(_l("Email"), validators=[Optional(), Checked(users.check_email)])
    phone = TelField(_l("Phone"), validators=[Optional(), Checked(users.check_phone)])


class _PasswordFields:
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(REQUIRED), Checked(users.check_password)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(REQUIRED),
                    EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class UserCreateForm(FlaskForm, _ProfileFields, _PasswordFields):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(REQUIRED), Checked(users.check_username)],
        render_kw={"autocomplete": "off", "autocapitalize": "none"},
    )


class UserEditForm(FlaskForm, _ProfileFields):
    pass


class PasswordResetForm(FlaskForm, _PasswordFields):
    pass


class AreasForm(FlaskForm):
    districts = SelectMultipleField(_l("Districts"), coerce=int, validate_choice=True)
    # Choices grouped by district (an optgroup each); set by the view.
    communes = SelectMultipleField(_l("Communes"), coerce=int, validate_choice=True)


class ActiveForm(FlaskForm):
    active = HiddenField(validators=[AnyOf(["0", "1"])])
    # Deactivating signs the person out at once: one stray click must not do it.
    confirm = BooleanField(_l("Yes, deactivate this account"))

    def validate_confirm(self, field):
        if self.active.data == "0" and not field.data:
            raise ValidationError(_l("Tick the box to confirm."))


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    role = SelectField(_l("Role"), choices=[SelectChoice("", _l("All roles")), *ROLE_CHOICES],
                       validators=[Optional()])
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("All")), SelectChoice("active", _l("Active")),
                 SelectChoice("inactive", _l("Deactivated"))],
        validators=[Optional()],
    )


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    action = SelectField(_l("Action"), validators=[Optional()])
    username = StringField(_l("Username"), validators=[Optional(), Length(max=120)],
                           render_kw={"autocapitalize": "none"})
