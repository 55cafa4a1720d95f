from survey_app import create_app


def test_config_from_test_mapping(app):
    assert app.testing
    assert not create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}).testing


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/from-env.sqlite")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////tmp/from-env.sqlite"
    assert app.config["SECRET_KEY"] == "from-env"


def test_missing_secret_key_is_generated_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from survey_app import config

    first = config.instance_secret_key(str(tmp_path))
    second = config.instance_secret_key(str(tmp_path))
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_security_headers_on_every_page(client):
    response = client.get("/signin")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_app_icon_is_named_on_every_page_and_found_at_favicon_ico(client):
    # Browsers ask for /favicon.ico whatever the page says: a 404 there is a console error.
    assert '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">' in client.get(
        "/signin").get_data(as_text=True)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.location == "/static/icon.svg"
    assert client.get(response.location).mimetype == "image/svg+xml"
