"""A sent response and its versions, and the surveyor's edit of it (DESIGN.md §4).

An edit is a new version: the same questionnaire (survey/form.py), prefilled
with the current version's answers, under a new instance id that names the
version it replaces. The interview's own facts (when it started and finished,
where it took place) are kept from the version edited: correcting an answer at
home is not a new interview. The service decides; this page only warns early.
"""

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import HouseholdMember, HouseholdResponse, ReviewStatus, Role, TradeChoice
from survey_app.services import responses
from survey_app.survey import form_fields
from survey_app.survey.form import form_page
from survey_app.survey.review import ANSWER_LABELS
from survey_app.survey.review_forms import STATUS_LABELS
from survey_app.survey.views import bp

EDITABLE = frozenset({ReviewStatus.RECEIVED, ReviewStatus.HAS_ISSUES})
# What an edit keeps from the version it replaces.
INTERVIEW_KEYS = ("started_at", "finished_at", "gps_lat", "gps_lon", "gps_accuracy_m")


@bp.route("/responses/<uuid:instance_id>")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def response_page(instance_id):
    return _response_page(_visible(instance_id))


@bp.route("/responses/<uuid:instance_id>/edit", methods=["GET", "POST"])
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def edit_response(instance_id):
    response = _visible(instance_id)
    if response.surveyor_id != current_user.id:
        # A supervisor of the district sees it, but only its surveyor edits it.
        return _response_page(response, _("Only the surveyor who sent this response can edit "
                                          "it."), 403)
    edit = {"replaces": str(response.instance_id), "version": response.version,
            "kept": {key: response.payload.get(key) for key in INTERVIEW_KEYS},
            "comment": response.review_comment}
    if request.method == "GET":
        # Told before anything is typed; a POST is judged by the service, and a refusal
        # then shows on the form with everything typed kept.
        refusal = responses.edit_refusal(response)
        if refusal is not None:
            return _response_page(response, str(refusal), 409)
        values, blocks = form_fields.values_from_payload(response.payload)
        values["started_at"] = response.payload.get("started_at") or ""
        return form_page(response.round, values, {}, blocks=blocks, edit=edit)

    data, blocks = form_fields.payload_from_form(
        request.form, finished_at=datetime.now(UTC).isoformat(timespec="seconds"))
    data.update(edit["kept"], replaces=edit["replaces"])
    receipt = responses.receive_and_commit(data, current_user)
    if receipt.status in (200, 201):
        flash(_("Saved as version %(number)s.", number=receipt.body["version"]), "success")
        return redirect(url_for("survey.response_page", instance_id=receipt.response.instance_id))
    errors, message = {}, None
    if receipt.status == 409:
        message = receipt.body.get("message")
        if receipt.body.get("current_instance_id"):
            edit["latest"] = url_for("survey.response_page",
                                     instance_id=receipt.body["current_instance_id"])
    else:
        errors = {form_fields.field_name(path, blocks): text
                  for path, text in receipt.body.get("fields", {}).items()}
    return form_page(response.round, request.form, errors, edit=edit, message=message), \
        receipt.status


def _visible(instance_id) -> HouseholdResponse:
    """The version, if the signed-in user may see it; else 404, which confirms nothing."""
    response = responses.by_instance(instance_id)
    if response is None or not responses.may_read(current_user, response):
        abort(404)
    return response


def _response_page(response: HouseholdResponse, refusal: str | None = None, status: int = 200):
    members = db.session.scalars(
        select(HouseholdMember).where(HouseholdMember.response_id == response.id)
        .options(selectinload(HouseholdMember.choices).selectinload(TradeChoice.trade))
        .order_by(HouseholdMember.position)
    ).all()
    history = db.session.scalars(
        select(HouseholdResponse).where(HouseholdResponse.root_id == response.root_id)
        .options(selectinload(HouseholdResponse.surveyor))
        .order_by(HouseholdResponse.version.desc())
    ).all()
    may_edit = (response.surveyor_id == current_user.id
                and responses.edit_refusal(response) is None and response.status in EDITABLE)
    return render_template(
        "survey/response.html", response=response, members=members, history=history,
        may_edit=may_edit, refusal=refusal, labels=ANSWER_LABELS, status_labels=STATUS_LABELS,
    ), status
