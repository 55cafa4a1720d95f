"""A live server and Chromium for the browser tests.

The live server has its own database of each backend, filled once per
session: the other tests empty the shared test databases after each test,
which a server running in a thread across many tests cannot survive.
"""

import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.extensions import db as _db
from survey_app.models import Base, Role, User
from survey_app.services.reference import load_all
from tests.conftest import BACKENDS, ensure_postgres_database, sibling_postgres_url

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"
ACCOUNTS = {role: (f"demo_{role.value}", f"Nguyễn Thị {name}") for role, name in [
    (Role.SURVEYOR, "Hoa"), (Role.SUPERVISOR, "Lan"), (Role.PLANNER, "Mai"), (Role.ADMIN, "Thu"),
]}


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # Debian's Chromium: `playwright install` cannot download a browser here.
    return {
        "executable_path": "/usr/bin/chromium",
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session", params=BACKENDS)
def live_app(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'live.sqlite'}"
    else:
        url = sibling_postgres_url("browser")
        ensure_postgres_database(url)
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "browser-test-key",
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        load_all()
        for role, (username, full_name) in ACCOUNTS.items():
            user = User(username=username, full_name=full_name, role=role)
            user.set_password(PASSWORD)
            _db.session.add(user)
        _db.session.commit()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app served on 127.0.0.1 at a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
