"""`flask users ...` commands: accounts for people who cannot use the admin pages yet.

Changes made here are audited with the actor "cli".
"""

import click
from flask_babel import gettext as _
from sqlalchemy import select

from survey_app.cli.common import CommandGroup, echo_table, fail
from survey_app.extensions import db
from survey_app.models import Role, User
from survey_app.services import users as users_service
from survey_app.services.users import UserError
from survey_app.templating import role_label

group = CommandGroup("users", help="Create, list and deactivate user accounts.")

ROLE_CHOICE = click.Choice([role.value for role in Role])


def get_user(username: str) -> User:
    user = users_service.find_user(username)
    if user is None:
        fail(_("No user named “%(username)s”.", username=username))
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
        fail(str(error))
    db.session.commit()
    click.echo(_("Account %(username)s created: %(role)s, %(full_name)s.",
                 username=user.username, role=role_label(user.role), full_name=user.full_name))


@group.command("list")
@click.option("--role", type=ROLE_CHOICE, help="Only users of this role.")
def list_users(role):
    """List accounts: username, role, active or not, full name."""
    query = select(User).order_by(User.role, User.username)
    if role:
        query = query.where(User.role == Role(role))
    states = {True: _("Active"), False: _("Deactivated")}
    echo_table([_("Username"), _("Role"), _("Status"), _("Full name")],
               [(u.username, u.role.value, states[u.active], u.full_name)
                for u in db.session.scalars(query)],
               empty=_("No user matches this filter.") if role
               else _("No account yet: create one with `flask users create`."))


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
        fail(str(error))
    db.session.commit()
    click.echo(_("Password of %(username)s changed.", username=user.username))


@group.command("deactivate")
@click.argument("username")
def deactivate(username):
    """Stop USERNAME from signing in; their open sessions end at the next request."""
    user = get_user(username)
    users_service.set_active(None, user, False)
    db.session.commit()
    click.echo(_("%(username)s is deactivated and signed out.", username=user.username))


@group.command("activate")
@click.argument("username")
def activate(username):
    """Let a deactivated USERNAME sign in again."""
    user = get_user(username)
    users_service.set_active(None, user, True)
    db.session.commit()
    click.echo(_("%(username)s can sign in again.", username=user.username))
