"""`flask plan make`: a course plan from the command line, the same as the planner's page makes.

The plan is computed in this process (not queued) and written to files; it is not stored.
"""

import json

import click
from flask.cli import AppGroup

from survey_app.cli.rounds import get_round
from survey_app.cli.users import fail
from survey_app.models.base import utcnow
from survey_app.services import plans
from survey_app.services.errors import FieldError
from survey_app.services.rounds import current_round

group = AppGroup("plan", help="Make course plans.")


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            fail(f"--param {value!r}: write it as NAME=VALUE, e.g. min_class_size=12.")
        pairs[name.strip()] = text.strip()
    return pairs


@group.command("make")
@click.option("--round", "round_name", help="The survey round's name (default: the open round).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="An analysis parameter (docs/analysis.md lists them); repeat for more.")
@click.option("--approved-only", is_flag=True, help="Read only approved household responses.")
@click.option("--json", "json_file", type=click.File("w", encoding="utf-8"), required=True,
              help="Where to write the plan as JSON.")
@click.option("--pdf", "pdf_file", type=click.File("wb"),
              help="Where to write the recommendation PDF.")
@click.option("--language", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="The PDF's language.")
def make(round_name, params, approved_only, json_file, pdf_file, language):
    """Make a course plan from the round's responses and write it out."""
    survey_round = get_round(round_name) if round_name else current_round()
    if survey_round is None:
        fail("No open survey round: name one with --round.")
    try:
        chosen = plans.settings(_pairs(params), approved_only=approved_only, language=language)
    except FieldError as error:
        fail(str(error))
    result, fingerprint = plans.make(survey_round, chosen)
    json_file.write(result)
    if pdf_file is not None:
        pdf_file.write(plans.pdf(json.loads(result), survey_round, chosen, made_at=utcnow(),
                                 made_by=None))
    written = json_file.name + (f" and {pdf_file.name}" if pdf_file else "")
    click.echo(f"Plan for {survey_round.name}: inputs {fingerprint[:12]}, written to {written}.")
