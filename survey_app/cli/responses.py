"""`flask responses import`: questionnaires keyed from paper, households or businesses, the same
import as the planner's page (services/household_imports.py, services/business_imports.py)."""

from pathlib import Path

import click
from flask_babel import gettext as _

from survey_app.cli.common import CommandGroup, fail
from survey_app.cli.rounds import get_round
from survey_app.cli.users import get_user
from survey_app.extensions import db
from survey_app.i18n import number
from survey_app.models import Role, RoundStatus
from survey_app.services import business_imports, household_imports
from survey_app.services.rounds import current_round
from survey_app.services.upload_files import UploadError

group = CommandGroup("responses", help="Import household and business responses.")


@group.command("import")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False,
                                                          path_type=Path))
@click.option("--round", "round_name", help="The survey round's name (default: the open round); "
              "it must be open.")
@click.option("--surveyor", "username",
              help="Household files only, and required for them: the surveyor who did the "
                   "interviews; the responses are theirs and must lie in their area.")
@click.option("--all-or-nothing", is_flag=True,
              help="Store nothing if any row is wrong (default: store the good questionnaires).")
def import_responses(path, round_name, username, all_or_nothing):
    """Import the questionnaires of FILE (.xlsx or .csv, in a template of docs/imports.md).

    A file with a tax-code column (Mã số thuế) holds business questionnaires; any other,
    household questionnaires.
    """
    survey_round = get_round(round_name) if round_name else current_round()
    if survey_round is None or survey_round.status != RoundStatus.OPEN:
        fail(_("No open survey round: responses can only be imported into the open round."))
    data = path.read_bytes()
    options = {"survey_round": survey_round, "actor": None, "all_or_nothing": all_or_nothing}
    try:
        if business_imports.is_business_file(path.name, data):
            result = business_imports.import_file(path.name, data, **options)
        else:
            result = household_imports.import_file(path.name, data,
                                                   surveyor=_surveyor(username), **options)
    except UploadError as error:
        fail(error.message)
    db.session.commit()
    for error in result.errors:
        click.echo(_("%(file)s, line %(line)s, column %(column)s: %(message)s", file=path.name,
                     line=error.line, column=error.column, message=error.message), err=True)
    click.echo(_("%(count)s questionnaires read: %(stored)s stored, %(already)s already stored "
                 "before, %(bad)s rows with errors.", count=number(result.questionnaires),
                 stored=number(result.stored), already=number(result.already_stored),
                 bad=number(len(result.bad_lines))))
    if result.discarded:
        click.echo(_("Nothing was stored (--all-or-nothing): correct these rows and import the "
                     "whole file again."))
    if result.errors:
        raise SystemExit(1)


def _surveyor(username: str | None):
    if username is None:
        fail(_("This is a household file: name the surveyor who did the interviews with "
               "--surveyor USERNAME."))
    surveyor = get_user(username)
    if surveyor.role != Role.SURVEYOR:
        fail(_("%(username)s is not a surveyor.", username=username))
    return surveyor
