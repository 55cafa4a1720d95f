"""Planners' import of questionnaires keyed from paper: households (services/household_imports.py)
and businesses (services/business_imports.py).

Planners only: the planning blueprint is theirs. Household responses are stored as the
chosen surveyor's, so the surveyor's area still decides which communes are allowed.
"""

import io

from flask import abort, render_template, send_file
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import Role, RoundStatus, User
from survey_app.planning.import_forms import BUSINESSES, GOOD_ROWS, HOUSEHOLDS, ImportForm
from survey_app.planning.views import bp
from survey_app.services import business_imports, household_imports, imports
from survey_app.services.rounds import current_round
from survey_app.services.spreadsheets import MEDIA_TYPES
from survey_app.services.upload_files import UploadError

LAYOUTS = {HOUSEHOLDS: household_imports.LAYOUT, BUSINESSES: business_imports.LAYOUT}


def _form() -> ImportForm:
    form = ImportForm()
    surveyors = db.session.scalars(select(User).where(User.role == Role.SURVEYOR,
                                                      User.active.is_(True))
                                   .order_by(User.username))
    form.surveyor.choices = [SelectChoice("", _("Choose the surveyor"))] + [
        SelectChoice(u.username, f"{u.full_name} ({u.username})" if u.full_name else u.username)
        for u in surveyors]
    return form


@bp.route("/imports", methods=["GET", "POST"])
@allow(Role.PLANNER)
def imports_page():
    survey_round = current_round()
    is_open = survey_round is not None and survey_round.status == RoundStatus.OPEN
    form = _form()
    if is_open and form.validate_on_submit():
        upload = form.file.data
        options = {"survey_round": survey_round, "actor": current_user._get_current_object(),
                   "all_or_nothing": form.mode.data != GOOD_ROWS}
        try:
            if form.kind.data == BUSINESSES:
                result = business_imports.import_file(upload.filename or "", upload.read(),
                                                      **options)
            else:
                surveyor = db.session.scalar(select(User).where(
                    User.username == form.surveyor.data))
                result = household_imports.import_file(upload.filename or "", upload.read(),
                                                       surveyor=surveyor, **options)
        except UploadError as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, error.message]
        else:
            db.session.commit()
            # Nothing taken from the file, and rows to correct: the upload failed.
            status = 400 if result.errors and not (result.stored or result.already_stored) \
                else 200
            return render_template("planning/imports/result.html", result=result,
                                   all_or_nothing=options["all_or_nothing"],
                                   survey_round=survey_round), status
    status = 400 if form.errors else 200
    return render_template("planning/imports/upload.html", form=form, is_open=is_open,
                           survey_round=survey_round), status


@bp.route("/imports/<kind>/template.<fmt>")
@allow(Role.PLANNER)
def imports_template(kind: str, fmt: str):
    if fmt not in MEDIA_TYPES or kind not in LAYOUTS:
        abort(404)
    layout = LAYOUTS[kind]
    data = imports.template_csv(layout) if fmt == "csv" else imports.template_xlsx(layout)
    return send_file(io.BytesIO(data), mimetype=MEDIA_TYPES[fmt], as_attachment=True,
                     download_name=f"{layout.name}-template.{fmt}")
