"""The survey platform's Flask application."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from survey_app import config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error pages, commands."""
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"),
                instance_relative_config=True)
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config.from_environment())
    if test_config is not None:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", config.sqlite_url(app.instance_path))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.instance_secret_key(app.instance_path)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from survey_app import db_events, i18n, templating
    from survey_app.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    db_events.register(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.register_filters(app)
    templating.register_template_globals(app)
    login_manager.init_app(app)
    from survey_app.auth import session as auth_session

    auth_session.configure(login_manager)
    from survey_app import jobs

    jobs.init_app(app)


def register_blueprints(app: Flask) -> None:
    from survey_app.admin import bp as admin_bp
    from survey_app.api import bp as api_bp
    from survey_app.auth.views import bp as auth_bp
    from survey_app.business import bp as business_bp
    from survey_app.planning.views import bp as planning_bp
    from survey_app.survey.views import bp as survey_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(survey_bp, url_prefix="/survey")
    app.register_blueprint(business_bp, url_prefix="/b")
    app.register_blueprint(planning_bp, url_prefix="/planning")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_request_hooks(app: Flask) -> None:
    from survey_app.access import check_access
    from survey_app.security import set_security_headers

    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.before_request(check_access)
    app.after_request(set_security_headers)


def register_errorhandlers(app: Flask) -> None:
    from survey_app.errors import register_errorhandlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from survey_app.cli import register

    register(app)
