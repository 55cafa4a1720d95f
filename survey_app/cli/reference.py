"""`flask reference ...` commands."""

import click
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app.cli.common import CommandGroup
from survey_app.extensions import db
from survey_app.i18n import number
from survey_app.models import Region
from survey_app.services import audit, reference

group = CommandGroup("reference", help="Reference data: regions, trades, support norms.")

# The tables load_all counts, named as the web pages name them.
TABLES = {
    "province": _l("Province"),
    "district": _l("Districts"),
    "commune": _l("Communes"),
    "trade": _l("Trades"),
    "support_norm": _l("Support norms"),
    "allowance": _l("Allowances"),
    "class_rule": _l("Class size limits"),
}


@group.command("load")
@click.option(
    "--dir", "directory", type=click.Path(file_okay=False, exists=True),
    default=str(reference.DEFAULT_DIR), show_default="the bundled survey_app/data",
    help="Folder holding the reference CSV files.",
)
@click.option(
    "--if-empty", is_flag=True,
    help="Do nothing when regions are already loaded (keeps admin edits; used by `make run`).",
)
def load(directory, if_empty):
    """Load regions, trades, support norms, allowances and class rules from CSV files.

    Rows already in the database are matched by their natural key and set to
    the file's values: this OVERWRITES admin edits of those rows (a trade's
    active flag is kept). Every file is checked first; on any problem nothing
    is written.
    """
    if if_empty and db.session.scalar(select(Region.id).limit(1)) is not None:
        click.echo(_("Reference data already loaded; nothing changed."))
        return
    try:
        counts = reference.load_all(directory)
    except reference.ReferenceDataError as exc:
        db.session.rollback()
        for message in exc.errors:
            click.secho(message, fg="red", err=True)
        raise click.exceptions.Exit(1) from None
    audit.record("reference.load", actor="cli", directory=str(directory), counts=counts)
    db.session.commit()
    for table, tally in counts.items():
        click.echo(_("%(table)s: %(inserted)s inserted, %(updated)s updated, %(unchanged)s "
                     "unchanged", table=TABLES[table], inserted=number(tally["inserted"]),
                     updated=number(tally["updated"]), unchanged=number(tally["unchanged"])))
