"""Error pages speak the user's language and never show a stack trace."""

import pytest

from survey_app import create_app
from survey_app.access import public
from survey_app.extensions import db as _db
from survey_app.models import Role


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
