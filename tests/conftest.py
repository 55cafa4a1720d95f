"""Fixtures shared by the whole suite.

Every test that uses the database runs twice: on SQLite and on PostgreSQL
(the ``backend`` parameter shows in each test id). PostgreSQL must be
reachable: a test that needs it fails rather than skips. Set
``TEST_BACKENDS=sqlite`` for a quick local run on SQLite alone.
"""

import os
from collections import Counter

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from survey_app import create_app
from survey_app.extensions import db as _db
from survey_app.models import Base, users

pytest_plugins = ["tests.fixtures"]


def _postgres_url() -> str:
    """The PostgreSQL test database: one per pytest-xdist worker, so parallel workers never
    empty each other's tables."""
    url = make_url(os.environ.get(
        "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/survey_test"))
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        url = url.set(database=f"{url.database}_{worker}")
    return url.render_as_string(hide_password=False)


POSTGRES_URL = _postgres_url()
BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def sibling_postgres_url(suffix: str) -> str:
    """A database beside the main test database, named after it, so runs given different
    ``TEST_POSTGRES_URL``s never share one."""
    url = make_url(POSTGRES_URL)
    return url.set(database=f"{url.database}_{suffix}").render_as_string(hide_password=False)


def ensure_postgres_database(url: str) -> None:
    """Create the test database if it is missing; fail clearly if the server is down."""
    url = make_url(url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            )
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    except OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {url.render_as_string(hide_password=True)}: {exc}. "
            "Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) "
            "main start",
            pytrace=False,
        )
    finally:
        admin.dispose()


# Fixtures whose parameter is the backend a test runs on.
BACKEND_FIXTURES = ("database_url", "empty_database_url", "live_app")
_outcomes: Counter = Counter()


def pytest_collection_modifyitems(items):
    # Carried by each test's reports, which pytest-xdist sends from its workers to the
    # process that writes the summary.
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        backend = next((params[name] for name in BACKEND_FIXTURES if name in params), None)
        item.user_properties.append(("backend", backend or "no database"))


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and not report.passed):
        backend = dict(report.user_properties).get("backend", "no database")
        _outcomes[backend, report.outcome] += 1


def pytest_terminal_summary(terminalreporter):
    """One line per backend, so the report shows the suite ran on both."""
    terminalreporter.section("tests per backend")
    for backend in [*BACKENDS, "no database"]:
        counts = {outcome: _outcomes[backend, outcome]
                  for outcome in ("passed", "failed", "skipped")}
        terminalreporter.write_line(
            f"{backend}: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
        )


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the catalogues when the .mo files are missing or stale, so `pytest` alone works."""
    from survey_app.catalogues import compile_stale

    compile_stale()


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes():
    """One round of hashing instead of scrypt's 0.15 s, for the thousands of accounts the suite
    creates and signs in; the method kept is given to the test that checks it."""
    kept = users.PASSWORD_METHOD
    users.PASSWORD_METHOD = "pbkdf2:sha256:1"
    yield kept
    users.PASSWORD_METHOD = kept


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """An empty database of each backend, for tests that build their own schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite'}"
    ensure_postgres_database(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture(scope="session")
def schema_url(database_url):
    """The database with the models' schema created once per backend."""
    engine = create_engine(database_url)
    Base.metadata.drop_all(engine)
    _drop_alembic_version(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    yield database_url
    engine = create_engine(database_url)
    Base.metadata.drop_all(engine)
    engine.dispose()


def _drop_alembic_version(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def empty_all_tables() -> None:
    tables = Base.metadata.sorted_tables
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def app(schema_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": schema_url,
            "SECRET_KEY": "test-secret-key",
            "WTF_CSRF_ENABLED": False,
            # Jobs run at once, in the test's process; tests/services/test_jobs.py runs a worker.
            "JOBS_IMMEDIATE": True,
            "EXPORT_FOLDER": str(tmp_path / "exports"),
        }
    )
    yield app
    with app.app_context():
        _db.session.rollback()
        empty_all_tables()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database session, inside an application context."""
    with app.app_context():
        yield _db


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own application context.

    A request inside the context the ``db`` fixture holds open would share its
    ``g``: Flask-Login's cached user and Babel's locale would leak from one
    request into the next, as they never do in a real server.

    The test's own session (the ``db`` fixture's) is committed before and after
    each request, as a real user's next click starts afresh: the request sees
    what the test set up, and the test then reads what the request committed
    rather than its own transaction's snapshot (SQLite reads in WAL mode are
    snapshots, like PostgreSQL's repeatable read).
    """

    def open(self, *args, **kwargs):
        outer = _db.session if has_app_context() else None
        if outer is not None:
            outer.commit()
        # Buffered: a streamed body (an export) is read while its context is still the top one.
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if outer is not None:
            outer.commit()
        return response


@pytest.fixture
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
