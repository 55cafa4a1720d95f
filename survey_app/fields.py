"""Form fields and validators that the blueprints' forms share."""

from contextlib import contextmanager

from flask_babel import gettext as _
from wtforms import Field
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from survey_app.i18n import number
from survey_app.numbers import parse_whole_number
from survey_app.services.errors import FieldError


class WholeNumberField(Field):
    """A count or an amount in VND, typed "2.500.000", "2 500 000" or "2500000" and shown back
    the reader's way ("2.500.000" in Vietnamese).

    A text input on purpose: a browser's number input drops "2.500.000" and sends nothing, so
    the admin saw "This field is required." under the amount they had typed. A value that is
    not whole or lies outside ``low``–``high`` gets one message naming the field and the range.
    Blank gives ``None``: pair the field with InputRequired or Optional.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, low: int = 0, high: int | None = None,
                 **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", "autocomplete": "off",
                               **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)
        self.low, self.high = low, high

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip()
        self.data = parse_whole_number(text) if text else None
        if text and (self.data is None or not self._in_range(self.data)):
            self.data = None
            raise ValueError(self._refusal())

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return number(self.data) if isinstance(self.data, int) else ""

    def _in_range(self, value: int) -> bool:
        return self.low <= value and (self.high is None or value <= self.high)

    def _refusal(self) -> str:
        if self.high is None:
            return _("%(field)s: enter a whole number of %(low)s or more.",
                     field=self.label.text, low=number(self.low))
        return _("%(field)s: enter a whole number from %(low)s to %(high)s.",
                 field=self.label.text, low=number(self.low), high=number(self.high))


class Checked:
    """Validator running a service's check of one value (``check(value)``, raising FieldError).

    The rule stays written once, in the service, and the form flags every field that breaks
    one in a single submission, where the service stops at the first it meets.
    """

    def __init__(self, check):
        self.check = check

    def __call__(self, form, field):
        with field_message():
            self.check(field.data)


@contextmanager
def field_message():
    """Turn a service's FieldError into the validation error of the field being checked."""
    try:
        yield
    except FieldError as error:
        raise ValidationError(error.message) from None


def put_error(form, error) -> None:
    """Show a service's ``UserError`` under the field it names."""
    field = getattr(form, error.field, None)
    if field is None:
        form.form_errors.append(error.message)
    else:
        field.errors = [*field.errors, error.message]
