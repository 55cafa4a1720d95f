from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from survey_app.access import public, signed_in
from survey_app.auth.forms import SigninForm
from survey_app.extensions import db
from survey_app.models import Role
from survey_app.services import audit
from survey_app.services import signin as signin_service

bp = Blueprint("auth", __name__)

HOME_ENDPOINTS = {
    Role.SURVEYOR: "survey.home",
    Role.SUPERVISOR: "survey.home",
    Role.PLANNER: "planning.dashboard",
    Role.ADMIN: "admin.index",
}


def home_url() -> str:
    return url_for(HOME_ENDPOINTS[current_user.role])


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: an outside ``next`` would be an open redirect."""
    if not target:
        return None
    # Browsers read "/\host" as "//host" and drop tabs and newlines, so both
    # would turn a path into another site.
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(home_url())
    return redirect(url_for("auth.signin"))


@bp.route("/favicon.ico")
@public
def favicon():
    # Browsers ask for /favicon.ico on every site, whatever the page's <link rel="icon">.
    return redirect(url_for("static", filename="icon.svg"), 301)


@bp.route("/signin", methods=["GET", "POST"])
@public
def signin():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = SigninForm()
    status = 200
    if form.validate_on_submit():
        result = signin_service.authenticate(
            form.username.data,
            form.password.data,
            ip=request.remote_addr,
            throttle=signin_service.Throttle(
                per_account=current_app.config["SIGNIN_MAX_FAILURES"],
                per_address=current_app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"],
                window=timedelta(minutes=current_app.config["SIGNIN_WINDOW_MINUTES"]),
            ),
        )
        db.session.commit()
        if result.user is not None:
            login_user(result.user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or home_url())
        if result.throttled:
            status = 429
            flash(_("Too many failed attempts. Wait %(minutes)d minutes, then try again.",
                    minutes=current_app.config["SIGNIN_WINDOW_MINUTES"]), "error")
        else:
            status = 401
            flash(_("Wrong username or password, or the account is deactivated."), "error")
    elif form.is_submitted():
        status = 400
    return render_template("auth/signin.html", form=form), status


@bp.route("/signout", methods=["POST"])
@signed_in
def signout():
    audit.record("signout", user=current_user._get_current_object(), ip=request.remote_addr)
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.signin"))


@bp.route("/language/<code>", methods=["POST"])
@public
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("auth.index"))
