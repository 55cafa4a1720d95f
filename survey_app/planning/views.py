"""Planners' pages: dashboard, plans, exports."""
from flask import Blueprint, render_template

from survey_app.access import allow
from survey_app.models import Role
from survey_app.services import progress, quality
from survey_app.services.dashboard import data_quality, demand
from survey_app.services.rounds import current_round
from survey_app.templating import current_locale

bp = Blueprint("planning", __name__)


@bp.route("/")
@allow(Role.PLANNER)
def dashboard():
    survey_round = current_round()
    if survey_round is None:
        return render_template("planning/dashboard.html", survey_round=None)
    today = progress.local_today()
    districts = progress.by_district(progress.commune_progress(survey_round, today))
    return render_template(
        "planning/dashboard.html",
        survey_round=survey_round,
        figures=progress.round_figures(survey_round),
        districts=districts,
        total=progress.total(districts),
        days=progress.daily_counts(survey_round, progress.last_active_day(survey_round, today)),
        demand=demand(survey_round, current_locale()),
        data_quality=data_quality(survey_round),
        flag_labels=quality.FLAG_LABELS,
    )
