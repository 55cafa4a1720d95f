"""Household survey: surveyors' and supervisors' pages."""
from flask import Blueprint, render_template, url_for
from flask_login import current_user

from survey_app.access import allow
from survey_app.models import Role
from survey_app.services import progress
from survey_app.services.rounds import current_round
from survey_app.services.users import area_ids

bp = Blueprint("survey", __name__)


@bp.after_request
def name_the_pages_user(response):
    # The service worker keeps these pages for offline use and drops those of another user
    # (static/sw.js): the header says whose a page is without parsing it.
    if current_user.is_authenticated and response.mimetype == "text/html":
        response.headers["X-Survey-User"] = str(current_user.id)
    return response


@bp.route("/")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def home():
    survey_round = current_round()
    if survey_round is None:
        return render_template("survey/home.html", survey_round=None)
    today = progress.local_today()
    communes = progress.area_communes(area_ids(current_user), survey_round.opens_on)
    rows = progress.commune_progress(survey_round, today, communes, surveyor_id=current_user.id)
    supervising = current_user.role == Role.SUPERVISOR
    sent_back = progress.sent_back(survey_round, current_user.id)
    return render_template(
        "survey/home.html",
        survey_round=survey_round,
        has_areas=bool(communes),
        supervising=supervising,
        mine=progress.surveyor_totals(survey_round, current_user.id, today),
        communes=rows,
        sent_back=sent_back,
        # Kept by the service worker, so a sent-back response is corrected at the household,
        # offline (static/sw.js).
        offline_pages=[url_for("survey.edit_response", instance_id=item.instance_id)
                       for item in sent_back],
        districts=progress.by_district(rows) if supervising else [],
        surveyors=progress.surveyor_progress(survey_round, today, communes) if supervising else [],
    )
