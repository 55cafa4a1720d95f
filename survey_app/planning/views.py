"""Planners' pages: dashboard, plans, exports."""
from flask import Blueprint, current_app, render_template

from survey_app.access import allow
from survey_app.models import Role
from survey_app.services import progress, quality
from survey_app.services.dashboard import data_quality, data_version, demand
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
        **_analysed(survey_round, current_locale()),
        flag_labels=quality.FLAG_LABELS,
    )


def _analysed(survey_round, locale: str) -> dict:
    """The demand and data-quality figures, kept by this process while the data they come from
    is unchanged: a province's take seconds, and planners come back to the dashboard often once
    the survey is over."""
    kept = current_app.extensions.setdefault("planning.dashboard", {})
    key = (data_version(survey_round), locale)
    figures = kept.get(key)
    if figures is None:
        figures = {"demand": demand(survey_round, locale),
                   "data_quality": data_quality(survey_round)}
        # Only the latest figures per language are worth keeping; a copy of the keys, as
        # another thread may be storing its own.
        for old in [k for k in list(kept) if k[1] == locale]:
            kept.pop(old, None)
        kept[key] = figures
    return figures
