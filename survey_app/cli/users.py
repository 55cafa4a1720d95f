"""`flask users ...` commands: accounts for people who cannot use the admin pages yet.

Changes made here are audited with the actor "cli".
"""

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Role, User
from survey_app.services import users as users_service
from survey_app.services.users import UserError

group = AppGroup("users", help="Create, list and deactivate user accounts.")

ROLE_CHOICE = click.Choice([role.value for role in Role])


def fail(message: str):
    click.secho(message, fg="red", err=True)
    raise SystemExit(1)


def fail_with(error: UserError):
    # No request, so no user's language: messages come in the site's default language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        fail(f"{error.field}: {error.message}")


def get_user(username: str) -> User:
    user = users_service.find_user(username)
    if user is None:
        fail(f"No user named {username!r}.")
    return user


def password_option(help_text: str):
    return click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                        help=help_text + " Asked for, hidden, when not given.")


@group.command("create")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--email")
@click.option("--phone")
@password_option("At least 10 characters.")
def create(role, username, full_name, email, phone, password):
    """Create an active account."""
    try:
        user = users_service.create_user(None, username, full_name, role, password,
                                         email=email, phone=phone)
    except UserError as error:
        db.session.rollback()
        fail_with(error)
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.username} ({user.full_name}).")


@group.command("list")
@click.option("--role", type=ROLE_CHOICE, help="Only users of this role.")
def list_users(role):
    """List accounts: username, role, active or not, full name."""
    query = select(User).order_by(User.role, User.username)
    if role:
        query = query.where(User.role == Role(role))
    for user in db.session.scalars(query):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.username:<24} {user.role.value:<10} {state:<8} {user.full_name}")


@group.command("set-password")
@click.argument("username")
@password_option("The new password, at least 10 characters.")
def set_password(username, password):
    """Give USERNAME a new password."""
    user = get_user(username)
    try:
        users_service.reset_password(None, user, password)
    except UserError as error:
        db.session.rollback()
        fail_with(error)
    db.session.commit()
    click.echo(f"Password of {user.username} changed.")


@group.command("deactivate")
@click.argument("username")
def deactivate(username):
    """Stop USERNAME from signing in; their open sessions end at the next request."""
    user = get_user(username)
    users_service.set_active(None, user, False)
    db.session.commit()
    click.echo(f"{user.username} is deactivated.")


@group.command("activate")
@click.argument("username")
def activate(username):
    """Let a deactivated USERNAME sign in again."""
    user = get_user(username)
    users_service.set_active(None, user, True)
    db.session.commit()
    click.echo(f"{user.username} is active again.")
