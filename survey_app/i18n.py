"""Locale choice, the locale-aware formatting filters, and translated form errors."""

from functools import cache
from pathlib import Path

from babel import support
from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The language chosen with the switch, else the user's, else Vietnamese.

    The browser's Accept-Language is ignored on purpose: many tablets in the
    province run in English, yet every user reads Vietnamese first.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a command or a background job
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


# Babel's Vietnamese medium date is "7 thg 3, 2025" and its short one has a
# two-digit year; offices write 07/03/2025. English gets an unambiguous "7 Mar 2025".
DATE_FORMATS = {"vi": "dd/MM/yyyy", "en": "d MMM y"}
DATETIME_FORMATS = {"vi": "HH:mm dd/MM/yyyy", "en": "d MMM y, HH:mm"}


def number(value) -> str:
    if value is None:
        return ""
    return format_decimal(value)


def date(value, fmt: str | None = None) -> str:
    if not value:
        return ""
    return format_date(value, fmt or DATE_FORMATS.get(str(get_locale()), "medium"))


def datetime(value, fmt: str | None = None) -> str:
    """Date and time in the app's time zone (Asia/Ho_Chi_Minh)."""
    if not value:
        return ""
    return format_datetime(value, fmt or DATETIME_FORMATS.get(str(get_locale()), "medium"))


@cache
def wtforms_catalogue(locale: str) -> support.NullTranslations:
    return support.Translations.load(str(TRANSLATIONS), [locale], domain="wtforms")


class FormMessages:
    """WTForms' built-in messages ("This field is required.") in the page's language.

    WTForms ships no Vietnamese catalogue, so ours (domain ``wtforms``) stands
    in. The locale is looked up only when a message is needed, so requests
    without a form never load the user for it.
    """

    def ugettext(self, string: str) -> str:
        return wtforms_catalogue(str(get_locale())).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n)


FORM_MESSAGES = FormMessages()


def use_form_messages() -> None:
    # Flask-WTF reads the request's WTForms translations from this attribute
    # before loading its own (flask_wtf/i18n.py): the one hook that reaches every
    # FlaskForm without a shared base class. tests/i18n checks it still works.
    request.wtforms_translations = FORM_MESSAGES


def register_filters(app) -> None:
    """Template filters, Jinja's i18n settings and WTForms' messages, for ``app``."""
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["date"] = date
    app.jinja_env.filters["datetime"] = datetime
    # Must match `trimmed = true` in babel.cfg, or {% trans %} blocks spanning
    # lines would look up msgids the extractor never wrote.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.before_request(use_form_messages)
