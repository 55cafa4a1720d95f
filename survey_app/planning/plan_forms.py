"""The plan form: the analysis parameters a planner may choose, as text the service parses.

The rules of a parameter live in analysis/params.py; the view puts the service's refusal
on the field it names, with the message below in the planner's language (the analysis
writes its own in English, for the CLI and the logs).
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField

from analysis.params import Parameters

DEFAULTS = Parameters()
NUMBER = {"inputmode": "decimal", "autocomplete": "off"}

# The service's parameter name -> the form field its error is shown under, and the message.
FIELD_OF = {
    "choice_weights": "weight_1",
    "grouping_unit": "grouping_unit",
    "min_class_size": "min_class_size",
    "budget_cap_vnd": "budget_cap_vnd",
}
MESSAGES = {
    "choice_weights": _l("Give three weights of 0 or more: the first above 0 and none above "
                         "the one before, e.g. 1, 0.5 and 0.25."),
    "grouping_unit": _l("Choose districts or communes."),
    "min_class_size": _l("Give a whole number of 1 or more."),
    "budget_cap_vnd": _l("Give an amount in VND above 0, in digits, or leave it empty for no cap."),
}


class PlanForm(FlaskForm):
    # Choices set by the view: the rounds, newest first.
    survey_round = SelectField(_l("Survey round"), coerce=int)
    approved_only = BooleanField(_l("Count only responses a supervisor has approved"))
    grouping_unit = RadioField(_l("Estimate demand by"), default=DEFAULTS.grouping_unit, choices=[
        SelectChoice("district", _l("District")),
        SelectChoice("commune", _l("Commune (after the 2025 reform)")),
    ])
    weight_1 = StringField(_l("Weight of a 1st choice"), default=str(DEFAULTS.choice_weights[0]),
                           render_kw=NUMBER)
    weight_2 = StringField(_l("Weight of a 2nd choice"), default=str(DEFAULTS.choice_weights[1]),
                           render_kw=NUMBER)
    weight_3 = StringField(_l("Weight of a 3rd choice"), default=str(DEFAULTS.choice_weights[2]),
                           render_kw=NUMBER)
    min_class_size = StringField(_l("Minimum class size"), default=str(DEFAULTS.min_class_size),
                                 render_kw={"inputmode": "numeric", "autocomplete": "off"})
    budget_cap_vnd = StringField(_l("Budget cap (VND)"),
                                 render_kw={"inputmode": "numeric", "autocomplete": "off"})
    language = RadioField(_l("Language of the report"), default="vi", choices=[
        SelectChoice("vi", _l("In Vietnamese")), SelectChoice("en", _l("In English")),
    ])

    def parameter_values(self) -> dict[str, str]:
        """The analysis parameters as the service takes them: names and text."""
        weights = (self.weight_1.data, self.weight_2.data, self.weight_3.data)
        return {
            "grouping_unit": self.grouping_unit.data or "",
            "choice_weights": ",".join((w or "").strip() for w in weights),
            "min_class_size": self.min_class_size.data or "",
            "budget_cap_vnd": _plain_digits(self.budget_cap_vnd.data or ""),
        }


def _plain_digits(amount: str) -> str:
    """An amount as planners write it, "2.000.000.000" or "2 000 000 000", as digits.

    Only thousands groups are joined: "2,5" stays as it is and is refused.
    """
    groups = amount.strip().replace(" ", ".").replace(",", ".").split(".")
    if len(groups) > 1 and groups[0].isdigit() and len(groups[0]) <= 3 \
            and all(g.isdigit() and len(g) == 3 for g in groups[1:]):
        return "".join(groups)
    return amount
