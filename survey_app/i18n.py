"""Locale choice and the locale-aware formatting filters used in templates."""

from flask import current_app, session
from flask_babel import format_date, format_datetime, format_decimal
from flask_login import current_user


def select_locale() -> str:
    """The language chosen with the switch, else the user's, else Vietnamese.

    The browser's Accept-Language is ignored on purpose: many tablets in the
    province run in English, yet every user reads Vietnamese first.
    """
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def number(value) -> str:
    if value is None:
        return ""
    return format_decimal(value)


def register_filters(app) -> None:
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["date"] = lambda v, fmt="medium": format_date(v, fmt) if v else ""
    app.jinja_env.filters["datetime"] = lambda v, fmt="short": format_datetime(v, fmt) if v else ""
