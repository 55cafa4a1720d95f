"""`flask demo ...` commands: a demo data set to try the platform with."""

import time

import click
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app.cli.common import CommandGroup, echo_table, fail
from survey_app.extensions import db
from survey_app.i18n import number
from survey_app.models import AuditEntry
from survey_app.services import audit, demo
from survey_app.services.invitations import STATUS_LABELS

group = CommandGroup("demo",
                     help="A demo survey round with believable Hà Giang data (demo use only).")

DEMO_ONLY = _l("These are DEMO accounts with published passwords: never load the demo into a "
               "database that real people use.")


@group.command("load")
@click.option("--households", type=click.IntRange(min=1), default=3800, show_default=True,
              help="Household responses to create, spread over communes by their households.")
@click.option("--businesses", type=click.IntRange(min=0), default=50, show_default=True,
              help="Businesses to invite; most have answered.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed always gives the same data.")
@click.option("--if-empty", is_flag=True,
              help="Do nothing (and succeed) when the database already holds survey data.")
def load(households, businesses, seed, if_empty):
    """Create an open survey round, demo accounts, household and business responses.

    Needs the reference data (`flask reference load`) and refuses a database
    that already holds survey rounds, businesses or demo accounts.
    """
    reason = demo.not_empty_reason()
    if reason and if_empty:
        click.echo(_("Demo data not loaded: %(reason)s. Nothing to do.", reason=reason))
        return
    started = time.perf_counter()
    try:
        summary = demo.load(households=households, businesses=businesses, seed=seed)
    except demo.DemoError as exc:
        db.session.rollback()
        fail(exc)
    audit.record("demo.load", actor="cli", households=households, businesses=businesses,
                 seed=seed)
    db.session.commit()
    click.echo(_("Loaded the demo round “%(name)s” (seed %(seed)s) in %(seconds)s s: "
                 "%(households)s households, %(members)s members wanting training, "
                 "%(choices)s trade choices, %(businesses)s businesses, %(needs)s hiring needs.",
                 name=summary.round_name, seed=seed,
                 seconds=number(round(time.perf_counter() - started, 1)),
                 households=number(summary.households), members=number(summary.members),
                 choices=number(summary.trade_choices), businesses=number(summary.businesses),
                 needs=number(summary.needs)))
    echo_accounts(summary.accounts)


@group.command("accounts")
def accounts():
    """List the demo accounts and their demo passwords."""
    echo_accounts(demo.demo_accounts())


@group.command("links")
@click.option("--seed", type=int, default=None,
              help="The seed the demo was loaded with. Default: the one the last "
                   "`flask demo load` recorded in the audit log.")
@click.option("--per-status", type=click.IntRange(min=1), default=1, show_default=True,
              help="Links to print for each status (not opened, opened, in progress, "
                   "submitted).")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the app is served (`make run` serves on this address).")
def links(seed, per_status, base_url):
    """Print working invitation links of demo businesses, to try the employer form."""
    if seed is None:
        seed = loaded_seed()
    found = demo.working_links(seed, per_status)
    if not found:
        click.echo(_("No demo invitation link of seed %(seed)s works in this database. Load "
                     "the demo with `flask demo load`, or pass the seed it was loaded with "
                     "(--seed).", seed=seed))
        return
    width = max(len(str(label)) for label in STATUS_LABELS.values())
    with current_app.test_request_context(base_url=base_url):
        for invitation, token in found:
            click.echo(f"{STATUS_LABELS[invitation.status]!s:<{width}}  "
                       f"{invitation.business.name}\n{'':<{width}}  "
                       f"{url_for('business.respond', token=token, _external=True)}")
    click.secho(_("DEMO links: anyone who knows the seed can open them."), fg="yellow")


def loaded_seed() -> int:
    """The seed of the last `flask demo load`, from the audit log; 1 (the default) if none."""
    details = db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "demo.load")
                                .order_by(AuditEntry.id.desc()).limit(1))
    return int((details or {}).get("seed", 1))


def echo_accounts(found: list[demo.DemoAccount]) -> None:
    echo_table([_("Username"), _("Password"), _("Role"), _("Full name"), _("Districts")],
               [(a.username, a.password, a.role.value, a.full_name, ", ".join(a.districts) or "-")
                for a in found],
               empty=_("No demo accounts with their demo password in this database. Load the "
                       "demo with `flask demo load`."))
    if found:
        click.secho(str(DEMO_ONLY), fg="yellow")
