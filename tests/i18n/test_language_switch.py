"""Vietnamese first; the language switch sticks to the browser and to the account."""

from survey_app.extensions import db as _db
from survey_app.models import Role, User


def heading(client, url="/signin"):
    return client.get(url, follow_redirects=True).get_data(as_text=True)


def test_vietnamese_is_the_default_even_for_an_english_browser(client):
    page = client.get("/signin",
                      headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="vi">' in page and "Đăng nhập" in page


def test_switching_language_lasts_across_requests(client):
    response = client.post("/language/en", data={"next": "/signin"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin")
    assert ">Sign in</h1>" in heading(client) and ">Sign in</h1>" in heading(client)
    client.post("/language/vi")
    assert ">Đăng nhập</h1>" in heading(client)


def test_an_unknown_language_changes_nothing(client):
    client.post("/language/fr")
    assert '<html lang="vi">' in heading(client)


def test_a_signed_in_users_choice_is_kept_on_the_account(app, client, create_user):
    user = create_user(Role.PLANNER, password="correct horse")
    client.post("/signin", data={"username": user.username, "password": "correct horse"})
    client.post("/language/en")
    with app.app_context():
        assert _db.session.get(User, user.id).locale == "en"

    # A new browser (no session cookie) signs in and finds English again.
    other = app.test_client()
    page = other.post("/signin", data={"username": user.username, "password": "correct horse"},
                      follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en">' in page and ">Dashboard</h1>" in page


def test_form_errors_on_a_vietnamese_page_are_vietnamese(client):
    page = client.post("/signin", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Trường này là bắt buộc." in page
    assert "This field is required." not in page


def test_form_errors_on_an_english_page_are_english(client):
    client.post("/language/en")
    page = client.post("/signin", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "This field is required." in page
