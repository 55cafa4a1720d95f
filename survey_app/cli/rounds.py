"""`flask rounds ...` commands: survey rounds, their status and targets.

Changes made here are audited with the actor "cli".
"""

import click
from flask_babel import gettext as _

from survey_app.admin.rounds import STATUS_CHANGED, STATUS_LABELS
from survey_app.cli.common import CommandGroup, echo_table, fail
from survey_app.extensions import db
from survey_app.i18n import number
from survey_app.models import RoundStatus, SurveyRound
from survey_app.services import round_admin
from survey_app.services.round_admin import RoundError

group = CommandGroup("rounds", help="Create survey rounds, open and close them.")

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def get_round(name: str) -> SurveyRound:
    survey_round = round_admin.find_round(name)
    if survey_round is None:
        fail(_("No survey round named “%(name)s”.", name=name))
    return survey_round


@group.command("list")
def list_rounds():
    """List rounds, newest first: status, dates, target and household responses."""
    echo_table(
        [_("Status"), _("Year"), _("Opens on"), _("Closes on"), _("Target households"),
         _("Household responses"), _("Name")],
        [(STATUS_LABELS[s.round.status], s.round.year, s.round.opens_on, s.round.closes_on,
          number(s.target), number(s.responses), s.round.name)
         for s in round_admin.summaries()],
        empty=_("No survey round yet."))


@group.command("create")
@click.option("--name", required=True)
@click.option("--year", type=int, required=True)
@click.option("--opens", type=ISO_DATE, required=True, help="First day, YYYY-MM-DD.")
@click.option("--closes", type=ISO_DATE, required=True, help="Last day, YYYY-MM-DD.")
@click.option("--open-registration", is_flag=True,
              help="Let businesses register themselves, not only through invitations.")
@click.option("--target-total", type=click.IntRange(min=0),
              help="Households to survey, shared over all communes by their households.")
def create(name, year, opens, closes, open_registration, target_total):
    """Create a draft round, with its commune targets when --target-total is given."""
    try:
        survey_round = round_admin.create_round(None, name, year, opens.date(), closes.date(),
                                                open_registration=open_registration)
        if target_total is not None:
            round_admin.distribute_targets(None, survey_round, target_total)
    except RoundError as error:
        db.session.rollback()
        fail(str(error))
    db.session.commit()
    total = sum(t.target_households for t in survey_round.targets)
    click.echo(_("Round “%(name)s” (%(year)s) created as a draft, target %(total)s households. "
                 "Open it with: flask rounds open NAME", name=survey_round.name,
                 year=survey_round.year, total=number(total)))


@group.command("open")
@click.argument("name")
@click.option("--reason", help="Why a closed round is reopened (required then).")
def open_round(name, reason):
    """Open the round NAME; only one round may be open at a time."""
    _set_status(name, RoundStatus.OPEN, reason)


@group.command("close")
@click.argument("name")
def close_round(name):
    """Close the round NAME: no more responses are accepted."""
    _set_status(name, RoundStatus.CLOSED, None)


def _set_status(name: str, status: RoundStatus, reason: str | None) -> None:
    survey_round = get_round(name)
    try:
        round_admin.set_status(None, survey_round, status, reason=reason)
    except RoundError as error:
        db.session.rollback()
        fail(str(error))
    db.session.commit()
    click.echo(str(STATUS_CHANGED[survey_round.status]) % {"name": survey_round.name})
