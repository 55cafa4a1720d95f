"""Names every template can use: the menu, role labels, the language switch, hidden fields."""

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms.widgets import HiddenInput

from survey_app.errors import back_url
from survey_app.models import Role

ROLE_LABELS = {
    Role.SURVEYOR: _l("Surveyor"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.PLANNER: _l("Planner"),
    Role.ADMIN: _l("Administrator"),
}

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

# The menu of each role: (endpoint, label), in the order shown.
MENUS = {
    Role.SURVEYOR: [("survey.home", _l("My surveys"))],
    Role.SUPERVISOR: [("survey.home", _l("Surveys")), ("survey.review_queue", _l("Review"))],
    Role.PLANNER: [("planning.dashboard", _l("Dashboard")),
                   ("planning.invitations", _l("Business invitations")),
                   ("planning.plans_list", _l("Plans")),
                   ("planning.exports_page", _l("Exports")),
                   ("planning.imports_page", _l("Imports"))],
    Role.ADMIN: [("admin.index", _l("Administration")), ("admin.trades", _l("Trades")),
                 ("admin.norms", _l("Support norms")), ("admin.users", _l("Users")),
                 ("admin.audit", _l("Audit log")), ("admin.rounds", _l("Survey rounds"))],
}


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    return [
        NavItem(url_for(endpoint), str(label), request.endpoint == endpoint)
        for endpoint, label in MENUS[current_user.role]
        if endpoint in current_app.view_functions
    ]


def current_locale() -> str:
    return str(get_locale())


def other_locale() -> str:
    current = current_locale()
    return next(code for code in current_app.config["LANGUAGES"] if code != current)


def language_return_path() -> str:
    """Where the language switch brings the reader back: this page, or, for a form posted back
    with its errors, the page the form was on, since the form's own address may only take a
    POST (405). Empty, the switch goes home."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return back_url() or ""


def role_label(role) -> str:
    return str(ROLE_LABELS[Role(role)])


def hidden_fields(form) -> Markup:
    """The form's hidden inputs (its CSRF token first of all) without ids: a page holding several
    forms would otherwise repeat id="csrf_token", and nothing refers to them by id."""
    return Markup("\n".join(str(field(id=False)) for field in form
                             if isinstance(field.widget, HiddenInput)))


def register_template_globals(app) -> None:
    app.jinja_env.globals.update(
        nav_items=nav_items,
        current_locale=current_locale,
        other_locale=other_locale,
        language_name=LANGUAGE_NAMES.get,
        language_return_path=language_return_path,
        role_label=role_label,
        hidden_fields=hidden_fields,
    )
