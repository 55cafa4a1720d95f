"""Who may use which route, declared on each view and enforced in one hook.

Every view carries ``allowed_roles`` set by one of the decorators below; the
app-wide ``check_access`` hook reads it before the view runs. A view that
declares nothing is refused to everyone (fail closed), and the role × route
test walks every registered route to keep it that way.
"""

from collections.abc import Callable

from flask import abort, current_app, jsonify, request
from flask_login import current_user

from survey_app.extensions import login_manager
from survey_app.models import Role

PUBLIC = frozenset({"anonymous"})
ANY_ROLE = frozenset(Role)


def allow(*roles: Role) -> Callable:
    """Let signed-in users with one of ``roles`` use the view."""

    def decorate(view):
        view.allowed_roles = frozenset(roles)
        return view

    return decorate


def public(view):
    """Let anyone use the view, signed in or not."""
    view.allowed_roles = PUBLIC
    return view


signed_in = allow(*Role)


def allowed_roles(endpoint: str) -> frozenset | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "allowed_roles", None)


def check_access():
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return None  # unknown URLs fall through to the 404 handler
    roles = allowed_roles(endpoint)
    if roles is None:
        abort(403)
    if roles == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def wants_json() -> bool:
    return request.blueprint == "api" or request.accept_mimetypes.best == "application/json"


def unauthorized_json():
    return jsonify(error="unauthorized", message="Sign in again, then send."), 401
