"""How Flask-Login finds the user of a session and answers when there is none."""

from flask_babel import lazy_gettext as _l

from survey_app.access import unauthorized_json, wants_json
from survey_app.extensions import db
from survey_app.models import User


def configure(login_manager) -> None:
    login_manager.login_view = "auth.signin"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id))

    @login_manager.unauthorized_handler
    def unauthorized():
        if wants_json():
            return unauthorized_json()
        from flask import flash, redirect, request, url_for

        # Only a person opening the page reads the message: the survey pages' service worker
        # fetches each page it keeps, and every refused fetch would add one more to the
        # sign-in page. Service workers run only where browsers send Sec-Fetch headers
        # (HTTPS, localhost); a request without them is taken to be a person opening a page.
        if request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate":
            flash(str(login_manager.login_message), login_manager.login_message_category)
        return redirect(url_for("auth.signin", next=request.full_path.rstrip("?")))
