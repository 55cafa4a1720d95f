"""`flask plan make`: a course plan from the command line, the same as the planner's page makes.

The plan is computed in this process (not queued) and written to files; it is not stored.
"""

import json
from dataclasses import fields

import click
from flask_babel import get_locale
from flask_babel import gettext as _

from analysis.params import Parameters
from survey_app.cli.common import CommandGroup, fail
from survey_app.cli.rounds import get_round
from survey_app.models.base import utcnow
from survey_app.services import plans
from survey_app.services.errors import FieldError
from survey_app.services.plan_parameters import PLANNER_PARAMETERS, ParametersError
from survey_app.services.rounds import current_round

group = CommandGroup("plan", help="Make course plans.")

PARAMETER_NAMES = {f.name for f in fields(Parameters)}


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            fail(_("--param %(value)s: write it as NAME=VALUE, e.g. min_class_size=12.",
                   value=value))
        pairs[name.strip()] = text.strip()
    return pairs


def _parameter_problem(error: FieldError) -> str:
    """What is wrong with a --param, in the planner's page's words for the parameters the page
    offers; the analysis states the rules of the others, in English, as docs/analysis.md does."""
    if error.field not in PARAMETER_NAMES:
        return _("--param %(name)s: there is no such parameter (docs/analysis.md lists them).",
                 name=error.field)
    if error.field in PLANNER_PARAMETERS:
        return _("--param %(name)s: %(problem)s", name=error.field, problem=error.message)
    return _("--param %(name)s: this value is not allowed (%(rule)s); docs/analysis.md "
             "describes the parameter.", name=error.field, rule=error.message)


@group.command("make")
@click.option("--round", "round_name", help="The survey round's name (default: the open round).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="An analysis parameter (docs/analysis.md lists them); repeat for more.")
@click.option("--approved-only", is_flag=True, help="Read only approved household responses.")
@click.option("--json", "json_file", type=click.File("w", encoding="utf-8"), required=True,
              help="Where to write the plan as JSON.")
@click.option("--pdf", "pdf_file", type=click.File("wb"),
              help="Where to write the recommendation PDF.")
def make(round_name, params, approved_only, json_file, pdf_file):
    """Make a course plan from the round's responses and write it out."""
    survey_round = get_round(round_name) if round_name else current_round()
    if survey_round is None:
        fail(_("No open survey round: name one with --round."))
    try:
        # The PDF speaks the command's language (--language).
        chosen = plans.settings(_pairs(params), approved_only=approved_only,
                                language=str(get_locale()))
    except ParametersError as refused:
        fail("\n".join(_parameter_problem(error) for error in refused.errors))
    result, fingerprint = plans.make(survey_round, chosen)
    json_file.write(result)
    if pdf_file is not None:
        pdf_file.write(plans.pdf(json.loads(result), survey_round, chosen, made_at=utcnow(),
                                 made_by=None))
    click.echo(_("Plan for “%(round)s” (inputs %(fingerprint)s) written to %(files)s.",
                 round=survey_round.name, fingerprint=fingerprint[:12],
                 files=", ".join(f.name for f in (json_file, pdf_file) if f is not None)))
