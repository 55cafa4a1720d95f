"""What every command shares: the language it speaks, its tables and its errors.

Commands speak the site's language (Vietnamese), or the one given with --language.
"""

import functools

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from survey_app.config import Defaults


class CommandGroup(AppGroup):
    """A command group whose every command takes ``--language`` and speaks that language.

    A command has no request, hence no user's language: without the option its messages,
    the services' errors and the import rules' row errors come in the site's default
    language, as every screen does.
    """

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)
        return lambda f: register(speaking(f))


def speaking(f):
    """``f`` with a ``--language`` option, run in that language."""

    @click.option("--language", type=click.Choice(Defaults.LANGUAGES),
                  help="The language of the messages, and of the PDF a command writes: "
                       "vi (Vietnamese, the default) or en.")
    @functools.wraps(f)
    def run(*args, language, **kwargs):
        with force_locale(language or current_app.config["BABEL_DEFAULT_LOCALE"]):
            return f(*args, **kwargs)

    return run


def fail(message) -> None:
    """Print ``message`` in red on stderr and exit with status 1."""
    click.secho(str(message), fg="red", err=True)
    raise SystemExit(1)


def echo_table(headers, rows, empty) -> None:
    """Print ``rows`` under ``headers``, each column as wide as its widest cell in this
    language; only ``empty`` when there is no row."""
    if not rows:
        click.echo(empty)
        return
    table = [[str(cell) for cell in row] for row in (headers, *rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for row in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
                   .rstrip())
