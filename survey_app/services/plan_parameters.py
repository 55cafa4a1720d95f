"""The analysis parameters a planner (or the CLI) asks a plan for, checked before it is queued.

The analysis' rules (analysis/params.py) hold for every parameter; the minimum class size is
also bounded by the class size limits an administrator keeps, which only the database knows.
Every bad value is refused at once, each under its name, so that a form can flag them all. The
planner is told in words of their own, naming the parameter and its range, of the parameters
the plan form offers (and of the class size limits they rest on); the CLI tells the others'
rules as the analysis states them, in English, as docs/analysis.md does.
"""

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from analysis.params import MAX_BUDGET_VND, Parameters, check, errors
from analysis.sizing import GENERAL_GROUP
from survey_app.extensions import db
from survey_app.i18n import number
from survey_app.models import ClassRule
from survey_app.services.errors import FieldError

DEFAULTS = Parameters()
PLANNER_PARAMETERS = ("choice_weights", "grouping_unit", "min_class_size", "budget_cap_vnd",
                      "class_rule")


class ParametersError(FieldError):
    """Parameters refused: ``errors`` has a FieldError for each, in the order given; this one's
    field and message are the first's."""

    def __init__(self, refused: list[FieldError]):
        super().__init__(refused[0].field, refused[0].message)
        self.errors = refused

    def __str__(self) -> str:
        return "; ".join(str(error) for error in self.errors)


def checked(values: dict[str, str]) -> Parameters:
    """The parameters of ``values`` (text allowed; defaults for the others), or
    ParametersError naming every bad one."""
    refused = {problem.name: problem.reason for problem in errors(values)}
    cap = None
    if "class_rule" not in refused:
        rule = check("class_rule", values.get("class_rule", DEFAULTS.class_rule))
        cap = _cap(rule)
        if cap is None:
            refused["class_rule"] = f"the class size limits have no '{GENERAL_GROUP}' row for it"
        elif ("min_class_size" not in refused
              and check("min_class_size", values.get("min_class_size",
                                                     DEFAULTS.min_class_size)) > cap):
            refused["min_class_size"] = f"must be at most {cap}, the largest class of {rule}"
    if refused:
        raise ParametersError([FieldError(name, _message(name, cap) or reason)
                               for name, reason in refused.items()])
    return Parameters.from_mapping(values)


def _cap(rule: str) -> int | None:
    """The most learners a class of ``rule`` may have, as analysis/sizing.py reads it."""
    return db.session.scalar(select(ClassRule.max_learners).where(
        ClassRule.rule == rule, ClassRule.applies_to == GENERAL_GROUP))


def _message(name: str, cap: int | None):
    """What the planner is told of the refused parameter ``name``; None for those the plan
    form does not offer."""
    if name == "min_class_size" and cap is None:
        return _l("The minimum class size must be a whole number of 1 or more.")
    return {
        "choice_weights": _l("The choice weights must be three numbers from 0 to 1, the first "
                             "above 0 and none above the one before, e.g. 1, 0.5 and 0.25."),
        "grouping_unit": _l("Choose whether demand is estimated by district or by commune."),
        "min_class_size": _l("The minimum class size must be a whole number from 1 to "
                             "%(most)s, the most learners a class may have.", most=cap),
        # Formatted when shown, in the reader's language: 10.000.000.000.000 in Vietnamese.
        "budget_cap_vnd": _l("The budget cap must be an amount in VND from 1 to %(most)s, in "
                             "digits, or empty for no cap.",
                             most=LazyString(number, MAX_BUDGET_VND)),
        "class_rule": _l("The class size limits hold none for all learners of this kind of "
                         "class: an administrator sets it on the support norms page."),
    }.get(name)
