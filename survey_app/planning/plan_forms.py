"""The plan form: the analysis parameters a planner may choose, as text the service parses.

The rules of a parameter live in analysis/params.py and services/plan_parameters.py; the view
puts each refusal of the service under the field it names. Numbers are read as planners write
them: a decimal comma ("0,5") in the weights, thousands groups ("2.000.000.000") in the budget.
"""

from functools import partial

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField

from survey_app.i18n import number
from survey_app.numbers import parse_whole_number
from survey_app.reports.parameter_text import GROUPING_UNITS, LABELS
from survey_app.services.plan_parameters import DEFAULTS

NUMBER = {"inputmode": "decimal", "autocomplete": "off"}

# The service's parameter name -> the form field its error is shown under. The class size
# limits bound the minimum class size: without them (reference data not loaded) it cannot be set.
FIELD_OF = {
    "choice_weights": "weight_1",
    "grouping_unit": "grouping_unit",
    "min_class_size": "min_class_size",
    "budget_cap_vnd": "budget_cap_vnd",
    "class_rule": "min_class_size",
}


class PlanForm(FlaskForm):
    # Choices set by the view: the rounds, newest first.
    survey_round = SelectField(_l("Survey round"), coerce=int)
    approved_only = BooleanField(_l("Count only responses a supervisor has approved"))
    grouping_unit = RadioField(LABELS["grouping_unit"], default=DEFAULTS.grouping_unit, choices=[
        SelectChoice(code, label) for code, label in GROUPING_UNITS.items()
    ])
    # Written when the form is shown, in the planner's language: "0,5" in Vietnamese.
    weight_1 = StringField(_l("Weight of a 1st choice"), render_kw=NUMBER,
                           default=partial(number, DEFAULTS.choice_weights[0]))
    weight_2 = StringField(_l("Weight of a 2nd choice"), render_kw=NUMBER,
                           default=partial(number, DEFAULTS.choice_weights[1]))
    weight_3 = StringField(_l("Weight of a 3rd choice"), render_kw=NUMBER,
                           default=partial(number, DEFAULTS.choice_weights[2]))
    min_class_size = StringField(LABELS["min_class_size"], default=str(DEFAULTS.min_class_size),
                                 render_kw={"inputmode": "numeric", "autocomplete": "off"})
    budget_cap_vnd = StringField(LABELS["budget_cap_vnd"],
                                 render_kw={"inputmode": "numeric", "autocomplete": "off"})
    language = RadioField(_l("Language of the report"), default="vi", choices=[
        SelectChoice("vi", _l("In Vietnamese")), SelectChoice("en", _l("In English")),
    ])

    def parameter_values(self) -> dict[str, str]:
        """The analysis parameters as the service takes them: names and text."""
        # The analysis separates the weights with commas and writes decimals with a dot.
        weights = (self.weight_1.data, self.weight_2.data, self.weight_3.data)
        budget = (self.budget_cap_vnd.data or "").strip()
        amount = parse_whole_number(budget)
        return {
            "grouping_unit": self.grouping_unit.data or "",
            "choice_weights": ",".join((w or "").strip().replace(",", ".") for w in weights),
            "min_class_size": self.min_class_size.data or "",
            "budget_cap_vnd": budget if amount is None else str(amount),
        }
