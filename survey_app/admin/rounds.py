"""Admin pages for survey rounds: the list, creating and editing, opening and closing, targets."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from survey_app.access import allow
from survey_app.admin.round_forms import (
    DistributeForm,
    RoundForm,
    StatusForm,
    TargetsForm,
    submitted_targets,
    target_field,
)
from survey_app.admin.views import bp
from survey_app.extensions import db
from survey_app.fields import put_error
from survey_app.i18n import number
from survey_app.models import Role, RoundStatus, SurveyRound, User
from survey_app.services import round_admin
from survey_app.services.round_admin import RoundError, TargetsError

STATUS_LABELS = {
    RoundStatus.DRAFT: _l("Draft"),
    RoundStatus.OPEN: _l("Open"),
    RoundStatus.CLOSED: _l("Closed"),
}
STATUS_BADGES = {RoundStatus.DRAFT: "", RoundStatus.OPEN: "ok", RoundStatus.CLOSED: "off"}
# What a round opened or closed now means, shown by the page and by `flask rounds`.
STATUS_CHANGED = {
    RoundStatus.OPEN: _l("“%(name)s” is open: surveyors and businesses can answer."),
    RoundStatus.CLOSED: _l("“%(name)s” is closed: no more answers are accepted."),
}
TEMPLATE_NAMES = {"status_labels": STATUS_LABELS, "status_badges": STATUS_BADGES}


def _get_round(round_id: int) -> SurveyRound:
    return db.get_or_404(SurveyRound, round_id)


def _actor() -> User:
    return current_user._get_current_object()


@bp.route("/rounds/")
@allow(Role.ADMIN)
def rounds():
    return render_template("admin/rounds/list.html", summaries=round_admin.summaries(),
                           **TEMPLATE_NAMES)


@bp.route("/rounds/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def round_new():
    form = RoundForm()
    if form.validate_on_submit():
        try:
            survey_round = round_admin.create_round(
                _actor(), **{name: form[name].data for name in RoundForm.EDITABLE})
        except RoundError as error:
            db.session.rollback()
            put_error(form, error)
        else:
            db.session.commit()
            flash(_("Round “%(name)s” created as a draft. Set its targets, then open it.",
                    name=survey_round.name), "success")
            return redirect(url_for("admin.round_targets", round_id=survey_round.id))
    status = 400 if form.errors else 200
    return render_template("admin/rounds/new.html", form=form), status


@bp.route("/rounds/<int:round_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def round_edit(round_id: int):
    survey_round = _get_round(round_id)
    form = RoundForm(survey_round=survey_round)
    if form.validate_on_submit():
        try:
            round_admin.update_round(
                _actor(), survey_round, **{name: form[name].data for name in RoundForm.EDITABLE})
        except RoundError as error:
            db.session.rollback()
            put_error(form, error)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.round_edit", round_id=survey_round.id))
    return _render_edit(survey_round, form=form)


@bp.route("/rounds/<int:round_id>/status", methods=["POST"])
@allow(Role.ADMIN)
def round_status(round_id: int):
    survey_round = _get_round(round_id)
    status_form = StatusForm()
    if not status_form.validate_on_submit():
        abort(400)
    try:
        round_admin.set_status(_actor(), survey_round, status_form.status.data,
                               reason=status_form.reason.data)
    except RoundError as error:
        db.session.rollback()
        put_error(status_form, error)
        return _render_edit(survey_round, status_form=status_form)
    db.session.commit()
    changed = STATUS_CHANGED.get(survey_round.status)
    flash(str(changed) % {"name": survey_round.name} if changed else _("Changes saved."),
          "success")
    return redirect(url_for("admin.round_edit", round_id=survey_round.id))


@bp.route("/rounds/<int:round_id>/targets", methods=["GET", "POST"])
@allow(Role.ADMIN)
def round_targets(round_id: int):
    survey_round = _get_round(round_id)
    groups = round_admin.communes_by_district(survey_round)
    form = TargetsForm()
    values, errors = {}, {}
    if form.validate_on_submit():
        values = submitted_targets(request.form, [c.id for g in groups for c in g.communes])
        try:
            round_admin.set_targets(_actor(), survey_round, values)
        except TargetsError as error:
            db.session.rollback()
            errors = error.by_commune
        except RoundError as error:
            db.session.rollback()
            put_error(form, error)
        else:
            db.session.commit()
            flash(_("Targets saved."), "success")
            return redirect(url_for("admin.round_targets", round_id=survey_round.id))
    return _render_targets(survey_round, groups, form=form, values=values,
                           errors=errors)


@bp.route("/rounds/<int:round_id>/targets/distribute", methods=["POST"])
@allow(Role.ADMIN)
def round_distribute(round_id: int):
    survey_round = _get_round(round_id)
    groups = round_admin.communes_by_district(survey_round)
    distribute = _distribute_form(groups)
    if distribute.validate_on_submit():
        try:
            shares = round_admin.distribute_targets(_actor(), survey_round, distribute.total.data,
                                                    distribute.districts.data,
                                                    replace=distribute.replace.data)
        except RoundError as error:
            db.session.rollback()
            put_error(distribute, error)
        else:
            db.session.commit()
            flash(_("%(total)s households shared over %(communes)s communes.",
                    total=number(sum(shares.values())), communes=number(len(shares))),
                  "success")
            return redirect(url_for("admin.round_targets", round_id=survey_round.id))
    return _render_targets(survey_round, groups, distribute=distribute)


def _distribute_form(groups, **kwargs) -> DistributeForm:
    form = DistributeForm(**kwargs)
    form.districts.choices = [SelectChoice(g.district.id, g.district.name_vi) for g in groups]
    return form


def _render_targets(survey_round, groups, *, form=None, values=None, errors=None,
                    distribute=None):
    saved = round_admin.targets_by_commune(survey_round)
    shown = {c.id: values[c.id] if values and c.id in values else number(saved.get(c.id, 0))
             for g in groups for c in g.communes}
    form = form or TargetsForm(formdata=None)
    distribute = distribute or _distribute_form(groups, formdata=None)
    bad = bool(errors) or bool(form.errors) or bool(distribute.errors)
    return render_template(
        "admin/rounds/targets.html", round=survey_round, groups=groups, form=form,
        distribute=distribute, shown=shown, errors=errors or {}, field_name=target_field,
        subtotals={g.district.id: sum(saved.get(c.id, 0) for c in g.communes) for g in groups},
        total=sum(saved.values()), **TEMPLATE_NAMES,
    ), 400 if bad else 200


def _render_edit(survey_round, *, form=None, status_form=None):
    form = form or RoundForm(survey_round=survey_round, formdata=None)
    status_form = status_form or StatusForm(formdata=None)
    status = 400 if form.errors or status_form.errors else 200
    return render_template("admin/rounds/edit.html", round=survey_round, form=form,
                           status_form=status_form, **TEMPLATE_NAMES), status
