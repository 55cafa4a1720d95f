"""Supervisor review: the queue of responses in their districts, one response, the actions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload
from wtforms import SelectChoice

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.fields import put_error
from survey_app.models import (
    HouseholdMember,
    HouseholdResponse,
    Region,
    ReviewStatus,
    Role,
    TradeChoice,
)
from survey_app.paging import requested_page
from survey_app.services import progress, quality
from survey_app.services import review as review_service
from survey_app.services.review import ReviewError
from survey_app.services.rounds import current_round
from survey_app.services.users import area_ids
from survey_app.survey import form_fields
from survey_app.survey.review_forms import STATUS_LABELS, QueueFilterForm, ReviewForm
from survey_app.survey.views import bp
from survey_app.text import vietnamese_key

R = HouseholdResponse
PER_PAGE = 50
QUEUE_FILTERS = ("commune", "surveyor", "status", "flag")
# Codes shown with the words the form used for them.
ANSWER_LABELS = {
    name: dict(choices) for name, choices in {
        "sex": form_fields.SEXES, "education": form_fields.EDUCATION,
        "current_work": form_fields.CURRENT_WORK, "desired_level": form_fields.LEVELS,
        "study_place": form_fields.STUDY_PLACES, "work_away": form_fields.WORK_AWAY,
        "poverty_status": form_fields.POVERTY_STATUSES,
        "main_livelihood": form_fields.LIVELIHOODS, "priority": form_fields.PRIORITY_FLAGS,
    }.items()
}


@bp.route("/review/")
@allow(Role.SUPERVISOR)
def review_queue():
    survey_round = current_round()
    communes = (progress.area_communes(area_ids(current_user), survey_round.opens_on)
                if survey_round else [])
    form = QueueFilterForm(request.args)
    form.commune.choices = [SelectChoice("", _("All communes"))] + [
        SelectChoice(str(commune.id), commune.name_vi, optgroup=district.name_vi)
        for commune, district in _with_district(communes)
    ]
    form.surveyor.choices = [SelectChoice("", _("All surveyors"))] + [
        SelectChoice(str(person.user_id), person.full_name)
        for person in (progress.surveyor_progress(survey_round, progress.local_today(), communes)
                       if survey_round else [])
    ]
    if not communes or not form.validate():
        return render_template("survey/review/queue.html", survey_round=survey_round,
                               has_areas=bool(communes), form=form, page=None, flags={},
                               filters={}), 400 if form.errors else 200

    scope = [R.round_id == survey_round.id, R.commune_id.in_(communes)]
    if form.commune.data:
        scope.append(R.commune_id == int(form.commune.data))
    if form.surveyor.data:
        scope.append(R.surveyor_id == int(form.surveyor.data))
    if form.status.data != "all":
        scope.append(R.status == ReviewStatus(form.status.data))
    if form.flag.data:
        scope.append(R.id.in_(quality.flagged_ids(form.flag.data, scope)))
    query = (select(R).where(R.is_current, *scope)
             .options(selectinload(R.commune).selectinload(Region.parent), selectinload(R.surveyor),
                      selectinload(R.members))
             .order_by(R.received_at.desc(), R.id.desc()))
    page = db.paginate(query, page=requested_page(), per_page=PER_PAGE,
                       error_out=False)
    flags = quality.flags([R.id.in_([r.id for r in page.items])]) if page.items else {}
    filters = {name: value for name in QUEUE_FILTERS if (value := getattr(form, name).data)}
    return render_template("survey/review/queue.html", survey_round=survey_round,
                           has_areas=True, form=form, page=page, flags=flags, filters=filters,
                           status_labels=STATUS_LABELS)


@bp.route("/review/<int:response_id>")
@allow(Role.SUPERVISOR)
def review_response(response_id: int):
    return _detail(_reviewable(response_id), ReviewForm())


@bp.route("/review/<int:response_id>/approve", methods=["POST"])
@allow(Role.SUPERVISOR)
def review_approve(response_id: int):
    return _act(response_id, review_service.approve, _("Response approved."))


@bp.route("/review/<int:response_id>/send-back", methods=["POST"])
@allow(Role.SUPERVISOR)
def review_send_back(response_id: int):
    return _act(response_id, review_service.send_back,
                _("Response sent back to its surveyor with your comment."))


@bp.route("/review/<int:response_id>/reject", methods=["POST"])
@allow(Role.SUPERVISOR)
def review_reject(response_id: int):
    return _act(response_id, review_service.reject, _("Response rejected."))


def _act(response_id: int, action, done: str):
    response = _reviewable(response_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _detail(response, form, 400)
    try:
        action(current_user._get_current_object(), response, form.comment.data)
    except ReviewError as error:
        db.session.rollback()
        put_error(form, error)
        return _detail(db.get_or_404(R, response_id), form,
                       400 if error.field == "comment" else 409)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("survey.review_queue", **queue_filters()))


def queue_filters() -> dict[str, str]:
    """The queue's filters, carried from the queue to a response and back, so a supervisor
    working through one commune stays in it after each decision. The queue checks them."""
    return {name: value for name in QUEUE_FILTERS if (value := request.args.get(name))}


def _with_district(commune_ids: list[int]):
    """The communes with their district: districts in code order, communes alphabetically."""
    district = aliased(Region)
    rows = db.session.execute(
        select(Region, district).join(district, district.id == Region.parent_id)
        .where(Region.id.in_(commune_ids))
    ).all()
    return sorted(rows, key=lambda row: (row[1].code, vietnamese_key(row[0].name_vi)))


def _reviewable(response_id: int) -> HouseholdResponse:
    """The response, if the signed-in supervisor reviews its district; else 404, so that
    responses elsewhere are not even confirmed to exist."""
    response = db.get_or_404(R, response_id)
    if not review_service.may_review(current_user, response):
        abort(404)
    return response


def _detail(response: HouseholdResponse, form: ReviewForm, status: int = 200):
    members = db.session.scalars(
        select(HouseholdMember).where(HouseholdMember.response_id == response.id)
        .options(selectinload(HouseholdMember.choices).selectinload(TradeChoice.trade))
        .order_by(HouseholdMember.position)
    ).all()
    versions = db.session.scalars(
        select(R).where(R.root_id == response.root_id).order_by(R.version.desc())
    ).all()
    flags = quality.flags([R.id == response.id]).get(response.id, [])
    round_year = response.round.year
    district = db.session.get(Region, response.district_id)
    return render_template(
        "survey/review/detail.html", response=response, district=district, members=members,
        versions=versions, flags=flags, form=form, round_year=round_year,
        distance_km=quality.distance_km(response),
        minutes=quality.duration_minutes(response.started_at, response.finished_at),
        labels=ANSWER_LABELS, status_labels=STATUS_LABELS, queue=queue_filters(),
    ), status
