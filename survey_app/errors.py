"""Error pages in the user's language, or JSON for the API; never a stack trace."""

from urllib.parse import urlsplit, urlunsplit

from flask import current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from survey_app.access import wants_json
from survey_app.auth.views import safe_next
from survey_app.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Access denied"), _l("Your account is not allowed to open this page.")),
    404: (_l("Page not found"), _l("The page does not exist or the link is no longer valid.")),
    405: (_l("Not allowed"), _l("This action cannot be done this way.")),
    413: (_l("File too large"), _l("The file sent is larger than the system accepts.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Wait a few minutes, then try again.")),
    500: (_l("Something went wrong"), _l("The system hit an error. Nothing you saved was lost; "
                                          "try again, and tell the administrator if it persists.")),
}


def render_error(error: HTTPException):
    code = error.code or 500
    if code >= 500:
        # A failed statement leaves a PostgreSQL transaction unusable; the page
        # below still loads the signed-in user for the header.
        db.session.rollback()
    title, message = MESSAGES.get(code, MESSAGES[500])
    description = getattr(error, "user_message", None) or message
    if wants_json():
        return jsonify(error=code, message=str(description)), code
    return render_template("errors/error.html", code=code, title=title, message=description), code


SESSION_EXPIRED = (_l("Your session has expired."),
                   _l("Press Back in your browser (what you typed is still there), then save "
                      "again."))


def csrf_error(error: CSRFError):
    """A form whose token the session no longer knows: mostly a session lost (the browser
    closed, the cookie expired) while the page stayed open."""
    # The tablet tells a stale token (fetch a fresh one, resend) from other
    # 400s by this code.
    if wants_json():
        return jsonify(error="csrf", message=str(_l(
            "The security token is missing or no longer valid. Fetch a new one and send "
            "again."))), 400
    title, message = SESSION_EXPIRED
    # A business has no account: the home page would only offer to sign in.
    return render_template("errors/error.html", code=400, title=title, message=message,
                           back=back_url(), home=request.blueprint != "business"), 400


def back_url() -> str | None:
    """The page the refused form was on: the Referer when it is this site's (the
    Referrer-Policy keeps browsers from sending it), else the form's own address when it can
    be opened, as most forms post to the page that shows them."""
    referrer = urlsplit(request.referrer or "")
    if f"{referrer.scheme}://{referrer.netloc}/" == request.host_url:
        return safe_next(urlunsplit(("", "", referrer.path, referrer.query, "")))
    if request.url_rule is not None and "GET" in request.url_rule.methods:
        return request.full_path.rstrip("?")
    # An action's address (…/review/3784/send-back) lies below the page showing its form.
    parent = request.path.rstrip("/").rsplit("/", 1)[0]
    return parent if parent and opens(parent) else None


def opens(path: str) -> bool:
    """Whether a GET of ``path`` reaches a page of the app."""
    try:
        current_app.url_map.bind(request.host).match(path, method="GET")
    except HTTPException:  # not found, not a GET, or a redirect (RequestRedirect)
        return False
    return True


CONFLICT = (_l("Changed at the same moment"),
            _l("Someone else saved the same data at the same moment, so nothing of yours was "
               "saved. Open the page again, check what is there now, and save again."))


def concurrent_write(error: IntegrityError | OperationalError):
    """Two users saving the same rows at once: one wins, the other is told, never a 500.

    A unique row inserted twice (PostgreSQL), or a write after another one from a stale
    snapshot ("database is locked", SQLite), ends here, with nothing of the request saved.
    """
    db.session.rollback()
    current_app.logger.warning("write refused by the database: %s", error)
    title, message = CONFLICT
    if wants_json():
        # The tablet's outbox retries a 503 by itself; the next attempt sees the other write.
        response = jsonify(error="busy", message=str(message))
        response.headers["Retry-After"] = "5"
        return response, 503
    return render_template("errors/error.html", code=409, title=title, message=message), 409


def register_errorhandlers(app) -> None:
    # Unhandled exceptions reach this as InternalServerError once Flask has logged
    # them with their traceback; the user sees the translated page only.
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(IntegrityError, concurrent_write)
    app.register_error_handler(OperationalError, concurrent_write)
