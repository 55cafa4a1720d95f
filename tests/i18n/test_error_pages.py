"""Error pages speak the user's language and never show a stack trace."""

import re

import pytest

from survey_app import create_app
from survey_app.access import public
from survey_app.extensions import db as _db
from survey_app.models import Role
from tests.business.data import answers, invite, open_round


@pytest.fixture
def failing_app(schema_url):
    """The app as deployed (not TESTING), with a page that raises."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": schema_url, "SECRET_KEY": "test-secret-key",
                      "WTF_CSRF_ENABLED": False, "PROPAGATE_EXCEPTIONS": False})

    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    yield app
    with app.app_context():
        _db.engine.dispose()


def test_a_crash_shows_the_translated_500_page_without_a_traceback(failing_app, caplog):
    client = failing_app.test_client()
    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="vi">' in page and "Đã xảy ra lỗi" in page
    for leak in ("Traceback", "RuntimeError", "hunter2", "secret internals", 'File "'):
        assert leak not in page
    # The traceback goes to the log, for the administrator.
    assert "RuntimeError" in caplog.text

    client.post("/language/en")
    page = client.get("/boom").get_data(as_text=True)
    assert '<html lang="en">' in page and "Something went wrong" in page


def test_404_in_vietnamese_and_english(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.get_data(as_text=True)
    client.post("/language/en")
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)


def test_403_in_the_users_language(client, login_as):
    login_as(Role.SURVEYOR, locale="en")
    response = client.get("/admin/")
    assert response.status_code == 403 and "Access denied" in response.get_data(as_text=True)
    client.post("/language/vi")
    assert "Không có quyền truy cập" in client.get("/admin/").get_data(as_text=True)


@pytest.fixture
def csrf_client(app):
    """A client of the app with CSRF protection on, as in production, on the same database."""
    protected = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key",
                            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                            "WTF_CSRF_ENABLED": True})
    yield protected.test_client()
    with protected.app_context():
        _db.engine.dispose()


EXPIRED = ("<h1>Phiên làm việc đã hết hạn.</h1>\n  <p>Hãy bấm Quay lại trên trình duyệt — những gì "
           "bạn đã nhập vẫn còn — rồi lưu lần nữa.</p>")


def test_a_business_whose_session_was_lost_is_told_to_go_back_and_save_again(
        csrf_client, db, reference_data):
    _, token = invite(open_round())
    # The session that issued the form's token is gone (the browser was closed).
    response = csrf_client.post(f"/b/{token}", data=answers(csrf_token="stale"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert EXPIRED in page
    assert re.search(rf'<a class="button primary" href="/b/{token}" data-back>Quay lại</a>', page)
    assert "/signin" not in page and "Về trang chủ" not in page

    # The page the form was on, when the browser names it.
    response = csrf_client.post(f"/b/{token}", data={}, headers={
        "Referer": f"http://localhost/b/{token}?tab=2"})
    assert f'href="/b/{token}?tab=2" data-back' in response.get_data(as_text=True)
    response = csrf_client.post(f"/b/{token}", data={}, headers={
        "Referer": "https://elsewhere.example/b/x"})
    assert f'href="/b/{token}" data-back' in response.get_data(as_text=True)


def test_a_signed_in_user_whose_session_was_lost_can_go_back_or_home(csrf_client, db):
    page = csrf_client.post("/planning/invitations/new", data={}).get_data(as_text=True)
    assert EXPIRED in page
    assert 'href="/planning/invitations/new" data-back' in page and "Về trang chủ" in page
