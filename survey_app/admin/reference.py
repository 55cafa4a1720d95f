"""Admin pages for reference data: trades, support norms, allowances, class rules."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey_app.access import allow
from survey_app.admin import reference_labels as labels
from survey_app.admin.reference_forms import (
    AllowanceForm,
    ClassRuleForm,
    NewTradeForm,
    SupportNormForm,
    TradeForm,
)
from survey_app.admin.views import bp
from survey_app.extensions import db
from survey_app.fields import put_error
from survey_app.models import Allowance, ClassRule, Role, SupportNorm, Trade
from survey_app.services import reference_edits
from survey_app.text import matches


@bp.route("/trades")
@allow(Role.ADMIN)
def trades():
    query = request.args.get("q", "").strip()
    # The catalogue is a few dozen rows: matching in Python ignores diacritics the same
    # way on SQLite and PostgreSQL ("dan lat" finds "Đan lát").
    trades = [
        trade for trade in db.session.scalars(select(Trade).order_by(Trade.code))
        if matches(query, trade.code, trade.name_vi, trade.name_en, trade.group)
    ]
    return render_template("admin/reference/trades.html", query=query,
                           trades=trades, **labels.TEMPLATE_NAMES)


@bp.route("/trades/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def trade_new():
    form = NewTradeForm(data={"active": True})
    if form.validate_on_submit():
        values = {name: form[name].data for name in form.EDITABLE}
        try:
            trade = reference_edits.create_trade(values, user=current_user)
        except reference_edits.DuplicateCodeError as error:
            put_error(form, error)  # taken by another admin since the form was checked
        else:
            db.session.commit()
            flash(_("Trade %(code)s added.", code=trade.code), "success")
            return redirect(url_for("admin.trades"))
    return _form_page(form, "admin/reference/trade_form.html", trade=None)


@bp.route("/trades/<int:trade_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def trade_edit(trade_id):
    trade = db.get_or_404(Trade, trade_id)
    form = TradeForm(obj=trade)
    if form.validate_on_submit():
        _save(reference_edits.update_trade, trade, form)
        return redirect(url_for("admin.trades"))
    return _form_page(form, "admin/reference/trade_form.html", trade=trade)


@bp.route("/norms")
@allow(Role.ADMIN)
def norms():
    return render_template(
        "admin/reference/norms.html",
        norms=db.session.scalars(select(SupportNorm).order_by(SupportNorm.rank)).all(),
        allowances=db.session.scalars(select(Allowance).order_by(Allowance.code)).all(),
        class_rules=db.session.scalars(
            select(ClassRule).order_by(ClassRule.rule, ClassRule.max_learners.desc())
        ).all(),
        **labels.TEMPLATE_NAMES,
    )


@bp.route("/norms/<int:norm_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def norm_edit(norm_id):
    norm = db.get_or_404(SupportNorm, norm_id)
    return _edit(norm, SupportNormForm(obj=norm), reference_edits.update_norm,
                 title=labels.localised(norm))


@bp.route("/allowances/<int:allowance_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def allowance_edit(allowance_id):
    allowance = db.get_or_404(Allowance, allowance_id)
    return _edit(allowance, AllowanceForm(obj=allowance), reference_edits.update_allowance,
                 title=labels.label(labels.ALLOWANCES, allowance.code))


@bp.route("/class-rules/<int:rule_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def class_rule_edit(rule_id):
    rule = db.get_or_404(ClassRule, rule_id)
    return _edit(rule, ClassRuleForm(obj=rule), reference_edits.update_class_rule,
                 title=labels.class_rule_name(rule))


def _edit(row, form, update, *, title):
    if form.validate_on_submit():
        _save(update, row, form)
        return redirect(url_for("admin.norms"))
    return _form_page(form, "admin/reference/rule_form.html", title=title)


def _save(update, row, form) -> None:
    changed = update(row, {name: form[name].data for name in form.EDITABLE}, user=current_user)
    db.session.commit()
    flash(_("Changes saved.") if changed else _("Nothing was changed."), "success")


def _form_page(form, template, **context):
    # A rejected submission is a client error; the page still shows every field's message.
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template(template, form=form, **context), status
