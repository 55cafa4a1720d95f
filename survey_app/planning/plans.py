"""Planners' course plans: the form that asks for one, the list, a plan's page with its
downloads, and the comparison of two plans. Plans are made by the worker, never in the
request: a plan's page shows its progress until it is done."""

from flask import Response, abort, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.levels import level_label
from survey_app.models import Plan, PlanStatus, Role, SurveyRound
from survey_app.paging import requested_page
from survey_app.planning.plan_forms import FIELD_OF, PlanForm
from survey_app.planning.plan_tables import (
    COURSE_HEADER,
    PAGE_HEADER,
    compare,
    course_rows,
    page_rows,
)
from survey_app.planning.views import bp
from survey_app.reports import parameter_text
from survey_app.services import plans
from survey_app.services.plan_parameters import ParametersError
from survey_app.services.rounds import current_round
from survey_app.services.spreadsheets import MEDIA_TYPES, csv_chunks, xlsx_file
from survey_app.templating import current_locale

FIRST_ROWS = 50
PER_PAGE = 50
STATUS_LABELS = {
    PlanStatus.QUEUED: _l("Waiting to start"),
    PlanStatus.RUNNING: _l("Being made"),
    PlanStatus.DONE: _l("Ready"),
    PlanStatus.FAILED: _l("Failed"),
}


def _rounds() -> list[SurveyRound]:
    return list(db.session.scalars(select(SurveyRound).order_by(SurveyRound.opens_on.desc())))


@bp.route("/plans")
@allow(Role.PLANNER)
def plans_list():
    page = db.paginate(select(Plan).order_by(Plan.created_at.desc(), Plan.id.desc()),
                       page=requested_page(), per_page=PER_PAGE,
                       error_out=False)
    totals = _selected_totals([plan.id for plan in page.items if plan.status == PlanStatus.DONE])
    return render_template("planning/plans/list.html", page=page, totals=totals,
                           status_labels=STATUS_LABELS)


def _selected_totals(plan_ids: list[int]) -> dict[int, dict]:
    """The totals of the courses each plan selected, read by the database inside its result."""
    selected = Plan.result[("totals", "selected")]
    return dict(db.session.execute(select(Plan.id, selected).where(Plan.id.in_(plan_ids))).all())


@bp.route("/plans/new", methods=["GET", "POST"])
@allow(Role.PLANNER)
def plan_new():
    rounds = _rounds()
    form = PlanForm()
    form.survey_round.choices = [(r.id, r.name) for r in rounds]
    if request.method == "GET":
        current = current_round()
        form.survey_round.data = current.id if current else None
        form.language.data = current_locale()
    if not rounds:
        return render_template("planning/plans/new.html", form=None)
    if form.is_submitted():
        # Every bad field at once: the form's own checks, and the service's of each parameter.
        valid = form.validate()
        try:
            chosen = plans.settings(form.parameter_values(), approved_only=form.approved_only.data,
                                    language=form.language.data)
        except ParametersError as refused:
            for error in refused.errors:
                form[FIELD_OF[error.field]].errors.append(error.message)
        else:
            if valid:
                survey_round = db.session.get(SurveyRound, form.survey_round.data)
                plan = plans.request(survey_round, chosen, user=current_user._get_current_object())
                return redirect(url_for("planning.plan_detail", plan_id=plan.id))
    status = 400 if request.method == "POST" else 200
    return render_template("planning/plans/new.html", form=form), status


def _plan(plan_id: int) -> Plan:
    return db.session.get(Plan, plan_id) or abort(404)


def _places(plan: Plan) -> dict[str, str]:
    """Region code -> name in the page's language, as the region stood in the plan's round."""
    return plans.names(plan.round, current_locale())[0]


def _done(plan_id: int) -> Plan:
    plan = _plan(plan_id)
    if plan.status != PlanStatus.DONE:
        abort(404)
    return plan


@bp.route("/plans/<int:plan_id>")
@allow(Role.PLANNER)
def plan_detail(plan_id: int):
    plan = _plan(plan_id)
    # The courses the budget selected first: what the plan proposes, and what its totals count.
    every = request.args.get("courses") == "all"
    rows = []
    if plan.status == PlanStatus.DONE:
        rows = course_rows(plan.result, current_locale(), _places(plan), selected_only=not every)
    show_all = request.args.get("all") == "1"
    return render_template(
        "planning/plans/detail.html", plan=plan, status_labels=STATUS_LABELS,
        header=PAGE_HEADER, rows=page_rows(rows if show_all else rows[:FIRST_ROWS]),
        total_rows=len(rows),
        every=every, parameters=parameter_text.rows(
            plan.params["analysis"], parameter_text.ON_THE_FORM),
        in_progress=plan.status in (PlanStatus.QUEUED, PlanStatus.RUNNING),
    )


@bp.route("/plans/<int:plan_id>.json")
@allow(Role.PLANNER)
def plan_json(plan_id: int):
    plan = _done(plan_id)
    return Response(plans.result_json(plan).encode("utf-8"), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="plan-{plan.id}.json"'})


@bp.route("/plans/<int:plan_id>.pdf")
@allow(Role.PLANNER)
def plan_pdf(plan_id: int):
    plan = _done(plan_id)
    if plan.pdf is None:
        abort(404)
    return Response(plan.pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="plan-{plan.id}.pdf"'})


@bp.route("/plans/<int:plan_id>/courses.<fmt>")
@allow(Role.PLANNER)
def plan_courses(plan_id: int, fmt: str):
    plan = _done(plan_id)
    if fmt not in MEDIA_TYPES:
        abort(404)
    header = [str(name) for name in COURSE_HEADER]
    rows = course_rows(plan.result, current_locale(), _places(plan))
    filename = f"plan-{plan.id}-courses.{fmt}"
    if fmt == "csv":
        return Response(b"".join(csv_chunks(header, rows)), mimetype=MEDIA_TYPES["csv"],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return send_file(xlsx_file(header, rows, title=str(_l("Courses"))),
                     mimetype=MEDIA_TYPES["xlsx"], as_attachment=True, download_name=filename)


@bp.route("/plans/compare")
@allow(Role.PLANNER)
def plans_compare():
    done = list(db.session.scalars(select(Plan).where(Plan.status == PlanStatus.DONE)
                                   .order_by(Plan.created_at.desc(), Plan.id.desc())))
    first, second = request.args.get("a", type=int), request.args.get("b", type=int)
    chosen = {p.id: p for p in done}
    differences = None
    if first is not None and second is not None:
        if first not in chosen or second not in chosen:
            abort(404)
        differences = compare(chosen[first].result, chosen[second].result)
    return render_template("planning/plans/compare.html", plans=done, first=chosen.get(first),
                           second=chosen.get(second), differences=differences,
                           names=_places(chosen[first]) if differences else {},
                           locale=current_locale(), summary=parameter_text.summary,
                           level_label=level_label,
                           several_rounds=len({p.round_id for p in done}) > 1)
