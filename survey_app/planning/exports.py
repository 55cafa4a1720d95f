"""Planners' exports: de-identified by a plain link; identified only through a confirmed,
audited form. Files are streamed, so a province's households download in constant memory."""

from flask import Response, abort, render_template, request, send_file, stream_with_context
from flask_login import current_user

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import Role, SurveyRound
from survey_app.planning.export_forms import FORMAT_CHOICES, IdentifiedExportForm
from survey_app.planning.views import bp
from survey_app.services import audit, exports
from survey_app.services.rounds import current_round
from survey_app.services.spreadsheets import MEDIA_TYPES, csv_chunks, xlsx_file

FORMATS = [choice.value for choice in FORMAT_CHOICES]


def _chosen_round() -> SurveyRound | None:
    """The round named in the URL, else the current one; an unknown id is a 404."""
    round_id = request.args.get("round", type=int)
    if round_id is None:
        return current_round()
    return db.session.get(SurveyRound, round_id) or abort(404)


def _rounds() -> list[SurveyRound]:
    return list(db.session.scalars(db.select(SurveyRound).order_by(SurveyRound.opens_on.desc())))


@bp.route("/exports")
@allow(Role.PLANNER)
def exports_page():
    return _page(IdentifiedExportForm())


def _page(form: IdentifiedExportForm, status: int = 200):
    return render_template(
        "planning/exports.html", survey_round=_chosen_round(), rounds=_rounds(),
        datasets=exports.DATASETS.values(), formats=FORMATS, form=form,
    ), status


@bp.route("/exports/<dataset>.<fmt>")
@allow(Role.PLANNER)
def export_file(dataset: str, fmt: str):
    return _download(dataset, fmt, identified=False)


@bp.route("/exports/identified", methods=["POST"])
@allow(Role.PLANNER)
def export_identified():
    form = IdentifiedExportForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    return _download(form.dataset.data, form.fmt.data, identified=True, purpose=form.purpose.data)


def _download(name: str, fmt: str, *, identified: bool, purpose: str | None = None):
    dataset = exports.DATASETS.get(name)
    survey_round = _chosen_round()
    if dataset is None or fmt not in FORMATS or survey_round is None:
        abort(404)
    # Recorded before the first byte leaves: a download cut half-way was still an export.
    audit.record("export.identified" if identified else "export",
                 user=current_user._get_current_object(), obj=survey_round,
                 ip=request.remote_addr, dataset=name, format=fmt,
                 **({"purpose": purpose} if identified else {}))
    db.session.commit()
    header = dataset.header(identified)
    rows = exports.rows(dataset, survey_round, identified=identified)
    filename = exports.filename(dataset, survey_round, fmt, identified=identified)
    if fmt == "csv":
        response = Response(stream_with_context(csv_chunks(header, rows)),
                            mimetype=MEDIA_TYPES["csv"])
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return send_file(xlsx_file(header, rows, title=str(dataset.title)),
                     mimetype=MEDIA_TYPES["xlsx"], as_attachment=True, download_name=filename)
