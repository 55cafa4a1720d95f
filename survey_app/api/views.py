"""Routes of the sync API: thin wrappers around services/responses.py.

Every answer is JSON, errors included (survey_app/errors.py answers JSON for
this blueprint), so the tablet never has to read an HTML page.
"""

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import RequestEntityTooLarge

from survey_app.access import allow
from survey_app.api.openapi import document
from survey_app.models import Role
from survey_app.services import responses
from survey_app.services.users import area_ids

bp = Blueprint("api", __name__)

# A household with 20 members and every text field full is under 100 KB; a
# body ten times that is a mistake or an attack, refused before it is parsed.
MAX_BODY_BYTES = 1024 * 1024


@bp.route("/csrf-token")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def csrf_token():
    return jsonify(csrf_token=generate_csrf())


@bp.route("/me")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def me():
    return jsonify(id=current_user.id, username=current_user.username,
                   full_name=current_user.full_name, role=current_user.role.value)


@bp.route("/household-responses", methods=["POST"])
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def post_household_response():
    request.max_content_length = MAX_BODY_BYTES
    try:
        data = request.get_json(silent=True)
    except RequestEntityTooLarge:
        return jsonify(error="too_large", limit_bytes=MAX_BODY_BYTES, message=_(
            "The response is larger than %(limit)s MB and was not stored.", limit=1)), 413
    receipt = responses.receive_and_commit(data, current_user)
    return jsonify(receipt.body), receipt.status


@bp.route("/household-responses/<uuid:instance_id>")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def get_household_response(instance_id):
    response = responses.by_instance(instance_id)
    if response is None or not _may_read(response):
        return jsonify(error="not_found", message=_("No such response.")), 404
    return jsonify(
        instance_id=str(response.instance_id), replaces=response.replaces and
        str(response.replaces), root_id=str(response.root_id), version=response.version,
        is_current=response.is_current, status=response.status.value,
        review_comment=response.review_comment, payload=response.payload,
        received_at=response.received_at.isoformat(),
    )


@bp.route("/openapi.json")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def openapi():
    return jsonify(document())


def _may_read(response) -> bool:
    if response.surveyor_id == current_user.id:
        return True
    return current_user.role == Role.SUPERVISOR and bool(
        area_ids(current_user) & {response.district_id, response.commune_id})
