"""Planners' exports: de-identified by a plain link or button; identified only through a
confirmed, audited form. CSV is streamed, so a province's households download at once in
constant memory; XLSX takes minutes for a province, so the worker writes it and the
planner waits on the export's page, which shows its progress, then offers the file."""

from flask import (
    Response,
    abort,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import ExportStatus, Plan, PlanStatus, Role, SurveyRound
from survey_app.planning.export_forms import IdentifiedExportForm
from survey_app.planning.views import bp
from survey_app.reports import parameter_text
from survey_app.services import export_files, exports
from survey_app.services.rounds import current_round
from survey_app.services.spreadsheets import MEDIA_TYPES, csv_chunks
from survey_app.templating import current_locale

# Plans listed on the page; older ones are on the plans page.
RECENT_PLANS = 10
STATUS_LABELS = {
    ExportStatus.QUEUED: _l("Waiting to start"),
    ExportStatus.RUNNING: _l("Being prepared"),
    ExportStatus.READY: _l("Ready"),
    ExportStatus.FAILED: _l("Could not be made"),
    ExportStatus.EXPIRED: _l("Expired"),
}


def _chosen_round() -> SurveyRound | None:
    """The round named in the URL, else the current one; an unknown id is a 404."""
    round_id = request.args.get("round", type=int)
    if round_id is None:
        return current_round()
    return db.session.get(SurveyRound, round_id) or abort(404)


def _rounds() -> list[SurveyRound]:
    return list(db.session.scalars(db.select(SurveyRound).order_by(SurveyRound.opens_on.desc())))


def _planner():
    return current_user._get_current_object()


@bp.route("/exports")
@allow(Role.PLANNER)
def exports_page():
    return _page(IdentifiedExportForm())


def _page(form: IdentifiedExportForm, status: int = 200):
    export_files.remove_expired()
    recent = export_files.recent(_planner())
    db.session.commit()
    survey_round = _chosen_round()
    return render_template(
        "planning/exports.html", survey_round=survey_round, rounds=_rounds(),
        datasets=exports.DATASETS, form=form, recent=recent, plans=_plans(survey_round),
        summary=parameter_text.summary, status_labels=STATUS_LABELS,
    ), status


def _plans(survey_round: SurveyRound | None) -> list[Plan]:
    """The round's plans made, newest first: their course tables are exported from here too."""
    if survey_round is None:
        return []
    return list(db.session.scalars(
        select(Plan).where(Plan.round_id == survey_round.id, Plan.status == PlanStatus.DONE)
        .order_by(Plan.created_at.desc(), Plan.id.desc()).limit(RECENT_PLANS)))


def _wanted(name: str, fmt: str, formats) -> tuple[exports.Dataset, SurveyRound]:
    dataset = exports.DATASETS.get(name)
    survey_round = _chosen_round()
    if dataset is None or fmt not in formats or survey_round is None:
        abort(404)
    return dataset, survey_round


@bp.route("/exports/<dataset>.<fmt>")
@allow(Role.PLANNER)
def export_file(dataset: str, fmt: str):
    return _stream(*_wanted(dataset, fmt, ("csv",)), identified=False)


@bp.route("/exports/<dataset>.<fmt>", methods=["POST"])
@allow(Role.PLANNER)
def export_prepare(dataset: str, fmt: str):
    return _prepare(*_wanted(dataset, fmt, export_files.FORMATS), fmt, identified=False)


@bp.route("/exports/identified", methods=["POST"])
@allow(Role.PLANNER)
def export_identified():
    form = IdentifiedExportForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    fmt = form.fmt.data
    dataset, survey_round = _wanted(form.dataset.data, fmt, ("csv", *export_files.FORMATS))
    if fmt == "csv":
        return _stream(dataset, survey_round, identified=True, purpose=form.purpose.data)
    return _prepare(dataset, survey_round, fmt, identified=True, purpose=form.purpose.data)


def _stream(dataset: exports.Dataset, survey_round: SurveyRound, *, identified: bool,
            purpose: str | None = None):
    # Recorded before the first byte leaves: a download cut half-way was still an export.
    exports.record(dataset, survey_round, "csv", user=_planner(), identified=identified,
                   purpose=purpose, ip=request.remote_addr)
    db.session.commit()
    rows = exports.rows(dataset, survey_round, identified=identified)
    filename = exports.filename(dataset, survey_round, "csv", identified=identified)
    response = Response(stream_with_context(csv_chunks(dataset.header(identified), rows)),
                        mimetype=MEDIA_TYPES["csv"])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _prepare(dataset: exports.Dataset, survey_round: SurveyRound, fmt: str, *, identified: bool,
             purpose: str | None = None):
    export = export_files.request(dataset, survey_round, fmt, user=_planner(),
                                  identified=identified, language=current_locale(),
                                  purpose=purpose, ip=request.remote_addr)
    return redirect(url_for("planning.export_detail", export_id=export.id), code=303)


def _export(export_id: int):
    """The export, or 404: another planner's identified export included."""
    export = export_files.get(export_id, _planner())
    db.session.commit()  # what remove_expired found
    return export or abort(404)


@bp.route("/exports/<int:export_id>")
@allow(Role.PLANNER)
def export_detail(export_id: int):
    export = _export(export_id)
    return render_template("planning/exports/detail.html", export=export,
                           dataset=exports.DATASETS[export.dataset], status_labels=STATUS_LABELS,
                           in_progress=export.status in export_files.IN_PROGRESS)


@bp.route("/exports/<int:export_id>/file")
@allow(Role.PLANNER)
def export_download(export_id: int):
    export = _export(export_id)
    if export.status != ExportStatus.READY:
        abort(404)
    try:
        handle = export_files.open_file(export, user=_planner(), ip=request.remote_addr)
    except FileNotFoundError:
        abort(404)  # deleted since by another process's clean-up
    db.session.commit()
    filename = exports.filename(exports.DATASETS[export.dataset], export.round, export.format,
                                identified=export.identified)
    return send_file(handle, mimetype=MEDIA_TYPES[export.format], as_attachment=True,
                     download_name=filename)
