"""Signing in and out.

These tests read the database in their own short app contexts rather than
through the ``db`` fixture: an app context held across client requests would
keep the first request's signed-in user (Flask-Login caches it on ``g``) and
hide what the next request really sees.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from survey_app import create_app
from survey_app.extensions import db as _db
from survey_app.models import AuditEntry, Role, User, users
from survey_app.services import users as users_service

PASSWORD = "correct horse"


def signin(client, username, password=PASSWORD, *, next=None, **kwargs):
    url = "/signin" if next is None else f"/signin?next={next}"
    return client.post(url, data={"username": username, "password": password}, **kwargs)


def audit_entries(app, action):
    with app.app_context():
        return [
            (e.actor, e.user_id, e.ip, e.details)
            for e in _db.session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
        ]


def in_english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.SURVEYOR, "/survey/"),
        (Role.SUPERVISOR, "/survey/"),
        (Role.PLANNER, "/planning/"),
        (Role.ADMIN, "/admin/"),
    ],
)
def test_good_credentials_open_the_roles_home(app, client, create_user, role, home):
    user = create_user(role)

    response = signin(client, user.username)

    assert response.status_code == 302
    assert response.headers["Location"] == home
    assert client.get(home).status_code == 200
    assert audit_entries(app, "signin") == [(user.username, user.id, "127.0.0.1", {})]
    with app.app_context():
        assert _db.session.get(User, user.id).last_login_at is not None


def test_the_username_is_not_case_sensitive(client, create_user):
    create_user(Role.PLANNER, username="lan.kh")
    assert signin(client, "  Lan.KH ").headers["Location"] == "/planning/"


def test_a_signed_in_user_visiting_signin_goes_home(client, login_as):
    login_as(Role.PLANNER)
    response = client.get("/signin")
    assert response.status_code == 302 and response.headers["Location"] == "/planning/"


@pytest.mark.parametrize("username", ["vana", "nobody"])
def test_a_wrong_password_or_unknown_name_is_refused_the_same_way(app, client, create_user,
                                                                  username):
    create_user(Role.SURVEYOR, username="vana")
    in_english(client)

    response = signin(client, username, "wrong password")

    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)
    assert audit_entries(app, "signin.failed") == [(username, None, "127.0.0.1",
                                                    {"reason": "bad"})]
    assert client.get("/survey/").status_code == 302


def test_an_empty_form_is_a_bad_request_naming_the_fields(client):
    in_english(client)
    response = client.post("/signin", data={"username": "", "password": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="username-error"' in page and 'id="password-error"' in page


def test_a_deactivated_account_cannot_sign_in(app, client, create_user):
    create_user(Role.SURVEYOR, username="vana", active=False)
    in_english(client)

    response = signin(client, "vana")

    assert response.status_code == 401
    assert "Wrong username or password, or the account is deactivated" in response.get_data(
        as_text=True)
    assert audit_entries(app, "signin.failed")[0][3] == {"reason": "inactive"}


def test_deactivating_an_account_ends_its_open_session_at_the_next_request(app, client,
                                                                          create_user):
    user = create_user(Role.SURVEYOR, username="vana")
    signin(client, "vana")
    assert client.get("/survey/").status_code == 200

    with app.app_context():
        users_service.set_active(None, _db.session.get(User, user.id), False)
        _db.session.commit()

    response = client.get("/survey/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin")


def test_a_deactivated_account_with_a_remember_cookie_is_not_signed_back_in(app, client,
                                                                           create_user):
    user = create_user(Role.SURVEYOR, username="vana")
    client.post("/signin", data={"username": "vana", "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None
    with app.app_context():
        _db.session.execute(update(User).where(User.id == user.id).values(active=False))
        _db.session.commit()
    # A new browser session: only the remember cookie is left.
    client.delete_cookie("session")

    assert client.get("/survey/").status_code == 302


def fail(client, times, username="vana"):
    for _ in range(times):
        assert signin(client, username, "wrong password").status_code == 401


def test_too_many_failures_lock_even_the_right_password_until_the_window_passes(
    app, client, create_user
):
    create_user(Role.SURVEYOR, username="vana")
    in_english(client)
    fail(client, app.config["SIGNIN_MAX_FAILURES"])

    locked = signin(client, "vana")

    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert audit_entries(app, "signin.failed")[-1][3] == {"reason": "throttled"}
    assert audit_entries(app, "signin") == []

    window = timedelta(minutes=app.config["SIGNIN_WINDOW_MINUTES"], seconds=1)
    with app.app_context():
        for entry in _db.session.scalars(select(AuditEntry)):
            entry.at = entry.at - window
        _db.session.commit()

    assert signin(client, "vana").status_code == 302


def test_failures_below_the_limit_do_not_lock(app, client, create_user):
    create_user(Role.SURVEYOR, username="vana")
    fail(client, app.config["SIGNIN_MAX_FAILURES"] - 1)
    assert signin(client, "vana").status_code == 302


def test_the_lock_holds_for_the_account_from_another_address(app, client, create_user):
    create_user(Role.SURVEYOR, username="vana")
    fail(client, app.config["SIGNIN_MAX_FAILURES"])

    response = signin(client, "vana", environ_base={"REMOTE_ADDR": "203.0.113.9"})

    assert response.status_code == 429


def test_one_persons_typos_do_not_lock_out_colleagues_behind_the_same_address(
    app, client, create_user
):
    create_user(Role.SURVEYOR, username="vana")
    create_user(Role.SURVEYOR, username="thib")
    fail(client, app.config["SIGNIN_MAX_FAILURES"])  # all as vana, from 127.0.0.1

    assert signin(client, "thib").status_code == 302


def test_many_failures_from_one_address_lock_that_address(app, client, create_user):
    create_user(Role.SURVEYOR, username="thib")
    app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"] = 8
    for n in range(8):
        assert signin(client, f"guess{n}", "wrong password").status_code == 401

    assert signin(client, "thib").status_code == 429
    other_address = {"REMOTE_ADDR": "203.0.113.9"}
    assert signin(client, "thib", environ_base=other_address).status_code == 302


def test_signout_is_a_post_and_is_audited(app, client, create_user):
    user = create_user(Role.PLANNER, username="lan")
    signin(client, "lan")

    assert client.get("/signout").status_code == 405
    assert client.get("/planning/").status_code == 200

    response = client.post("/signout")

    assert response.status_code == 302 and response.headers["Location"] == "/signin"
    assert audit_entries(app, "signout") == [("lan", user.id, "127.0.0.1", {})]
    assert client.get("/planning/").status_code == 302


def test_signout_when_not_signed_in_goes_to_signin(client):
    response = client.post("/signout")
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")


SIGN_IN_FIRST = "Vui lòng đăng nhập để mở trang này."
WORKER_FETCH = {"Sec-Fetch-Mode": "same-origin", "Sec-Fetch-Dest": "empty"}
NAVIGATION = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}


def test_only_opening_a_page_asks_to_sign_in_not_a_script_fetching_one(client):
    # After signing out, the service worker still fetches the pages it keeps for offline use.
    for _ in range(22):
        assert client.get("/survey/new", headers=WORKER_FETCH).status_code == 302
    assert SIGN_IN_FIRST not in client.get("/signin").get_data(as_text=True)

    assert client.get("/survey/new", headers=NAVIGATION).status_code == 302
    assert SIGN_IN_FIRST in client.get("/signin").get_data(as_text=True)


def test_the_same_message_is_shown_once(client):
    # Pages opened in several tabs, or a browser without Sec-Fetch headers.
    for _ in range(3):
        client.get("/planning/")
    assert client.get("/signin").get_data(as_text=True).count(SIGN_IN_FIRST) == 1


def test_a_page_asked_for_before_signing_in_opens_after_it(client, create_user):
    create_user(Role.ADMIN, username="root")

    asked = client.get("/admin/users/?role=planner")
    assert asked.status_code == 302
    next_url = re.search(r"next=([^&]+)", asked.headers["Location"]).group(1)

    response = signin(client, "root", next=next_url)

    assert response.headers["Location"] == "/admin/users/?role=planner"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "%2F%5Cevil.example",
        "/%09/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_cannot_lead_off_site(client, create_user, target):
    create_user(Role.ADMIN, username="root")
    response = signin(client, "root", next=target)
    assert response.headers["Location"] == "/admin/"


@pytest.fixture
def csrf_app(app):
    """The app with CSRF protection on, as in production, on the same database."""
    protected = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": True,
    })
    yield protected
    with protected.app_context():
        _db.engine.dispose()


def test_signin_without_the_csrf_token_is_refused(csrf_app, create_user):
    create_user(Role.ADMIN, username="root")
    client = csrf_app.test_client()

    refused = signin(client, "root")
    assert refused.status_code == 400

    page = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      page).group(1)
    accepted = client.post("/signin", data={"username": "root", "password": PASSWORD,
                                            "csrf_token": token})
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/admin/"


def test_signout_without_the_csrf_token_is_refused(csrf_app, create_user):
    create_user(Role.ADMIN, username="root")
    client = csrf_app.test_client()
    page = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/signin", data={"username": "root", "password": PASSWORD, "csrf_token": token})

    assert client.post("/signout").status_code == 400
    assert client.get("/admin/").status_code == 200
    assert client.post("/signout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(schema_url, create_user):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": schema_url,
                      "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "TRUSTED_PROXIES": 1})
    user = create_user(Role.PLANNER)

    response = signin(app.test_client(), user.username,
                      headers={"X-Forwarded-For": "198.51.100.7"})

    assert response.status_code == 302
    assert audit_entries(app, "signin")[0][2] == "198.51.100.7"
    with app.app_context():
        _db.engine.dispose()


def test_passwords_are_stored_as_scrypt_hashes(app, create_user, monkeypatch,
                                              quick_password_hashes):
    monkeypatch.setattr(users, "PASSWORD_METHOD", quick_password_hashes)
    user = create_user(password="mật khẩu đủ dài")
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("mật khẩu đủ dài")
    assert not user.check_password("mật khẩu khác")
