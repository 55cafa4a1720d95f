"""Configuration defaults, the instance config file and environment variables.

Order of precedence (last wins): the defaults below, ``instance/config.py``,
environment variables, then the ``test_config`` mapping given to ``create_app``.
"""

import os
import secrets
from pathlib import Path


class Defaults:
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Offline forms may sit on a tablet for days: the CSRF token is fetched
    # fresh when the form is sent, so it need not expire with the page.
    WTF_CSRF_TIME_LIMIT = None
    # Sign-in throttle: this many failures for one account name, or from one
    # address, within the window lock further attempts until the window has passed.
    SIGNIN_MAX_FAILURES = 5
    SIGNIN_MAX_FAILURES_PER_ADDRESS = 50
    SIGNIN_WINDOW_MINUTES = 15
    # Business links: this many unknown or revoked tokens (and self-registrations)
    # from one address within the window answer 429 until it has passed. A
    # district office typing links from letters stays far below it.
    BUSINESS_TOKEN_MAX_FAILURES_PER_ADDRESS = 30
    BUSINESS_REGISTRATIONS_PER_ADDRESS = 30
    BUSINESS_TOKEN_WINDOW_MINUTES = 15
    # Number of reverse proxies in front of the app whose X-Forwarded-For to
    # trust; without it every user would share the proxy's address.
    TRUSTED_PROXIES = 0
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # Background jobs (survey_app/jobs.py): empty for instance/jobs.sqlite, or redis://…
    JOB_QUEUE_URL = ""
    JOBS_IMMEDIATE = False
    # Where the worker writes the spreadsheet exports planners download
    # (services/export_files.py): empty for instance/exports. With web servers and
    # workers on several machines, a folder they all share.
    EXPORT_FOLDER = ""


ENV_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "JOB_QUEUE_URL": "JOB_QUEUE_URL",
    "EXPORT_FOLDER": "EXPORT_FOLDER",
}


def from_environment(environ=os.environ) -> dict:
    """Settings given by environment variables, under their Flask config names."""
    settings = {}
    for env_name, key in ENV_KEYS.items():
        if env_name in environ:
            value = environ[env_name]
            if key == "SESSION_COOKIE_SECURE":
                value = value.lower() in {"1", "true", "yes"}
            elif key == "TRUSTED_PROXIES":
                value = int(value)
            settings[key] = value
    return settings


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "survey.sqlite")


def instance_secret_key(instance_path: str) -> str:
    """The secret key kept in the instance folder, made on first use.

    A key generated per process would sign people out on every restart and
    break sessions across gunicorn workers, so it is written once and reused.
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()
