"""Admin pages for accounts, roles and assigned areas."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from survey_app.access import allow
from survey_app.admin.user_forms import (
    ActiveForm,
    AreasForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from survey_app.admin.views import bp
from survey_app.extensions import db
from survey_app.fields import put_error
from survey_app.models import Region, RegionLevel, Role, User
from survey_app.paging import requested_page
from survey_app.services import users as users_service
from survey_app.services.users import ROLES_WITH_AREAS, UserError
from survey_app.text import vietnamese_key

PER_PAGE = 50


def _get_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _actor() -> User:
    return current_user._get_current_object()


@bp.route("/users/")
@allow(Role.ADMIN)
def users():
    form = UserFilterForm(request.args)
    query = select(User).order_by(User.username)
    filters = {}
    if form.validate():
        filters = {"role": form.role.data or None, "status": form.status.data or None}
        if form.role.data:
            query = query.where(User.role == Role(form.role.data))
        if form.status.data:
            query = query.where(User.active.is_(form.status.data == "active"))
    page = db.paginate(query, page=requested_page(), per_page=PER_PAGE,
                       error_out=False)
    return render_template("admin/users/list.html", form=form, page=page, filters=filters)


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def user_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = users_service.create_user(
                _actor(), form.username.data, form.full_name.data, form.role.data,
                form.password.data, email=form.email.data, phone=form.phone.data,
            )
        except UserError as error:
            db.session.rollback()
            put_error(form, error)
        else:
            db.session.commit()
            flash(_("Account %(username)s created.", username=user.username), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    status = 400 if form.errors else 200
    return render_template("admin/users/new.html", form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def user_edit(user_id: int):
    user = _get_user(user_id)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        try:
            users_service.update_user(_actor(), user, full_name=form.full_name.data,
                                      role=form.role.data, email=form.email.data,
                                      phone=form.phone.data)
        except UserError as error:
            db.session.rollback()
            put_error(form, error)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return _render_edit(user, form=form)


@bp.route("/users/<int:user_id>/areas", methods=["POST"])
@allow(Role.ADMIN)
def user_areas(user_id: int):
    user = _get_user(user_id)
    areas = _areas_form(user)
    if areas.validate_on_submit():
        try:
            users_service.assign_areas(_actor(), user,
                                       [*areas.districts.data, *areas.communes.data])
        except UserError as error:
            db.session.rollback()
            areas.districts.errors = [*areas.districts.errors, error.message]
        else:
            db.session.commit()
            flash(_("Areas saved."), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return _render_edit(user, areas=areas)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@allow(Role.ADMIN)
def user_active(user_id: int):
    user = _get_user(user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        if not form.confirm.errors:
            abort(400)  # a forged value, not a box left unticked
        return _render_edit(user, active_form=form)
    try:
        users_service.set_active(_actor(), user, form.active.data == "1")
    except UserError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_edit(user, status=400)
    db.session.commit()
    if user.active:
        flash(_("%(username)s can sign in again.", username=user.username), "success")
    else:
        flash(_("%(username)s is deactivated and signed out.", username=user.username), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@allow(Role.ADMIN)
def user_password(user_id: int):
    user = _get_user(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            users_service.reset_password(_actor(), user, form.password.data)
        except UserError as error:
            db.session.rollback()
            put_error(form, error)
        else:
            db.session.commit()
            flash(_("New password set for %(username)s. Give it to them in person or by phone.",
                    username=user.username), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    status = 400 if form.errors else 200
    return render_template("admin/users/password.html", user=user, form=form), status


def _areas_form(user: User) -> AreasForm:
    """The areas form with every district, and every commune grouped under its district."""
    form = AreasForm(data={
        "districts": [a.region_id for a in user.areas if a.region.level == RegionLevel.DISTRICT],
        "communes": [a.region_id for a in user.areas if a.region.level == RegionLevel.COMMUNE],
    })
    regions = db.session.scalars(
        select(Region).where(Region.level.in_([RegionLevel.DISTRICT, RegionLevel.COMMUNE]))
        .order_by(Region.code)
    ).all()
    by_id = {r.id: r for r in regions}
    form.districts.choices = [
        SelectChoice(r.id, r.name_vi) for r in regions if r.level == RegionLevel.DISTRICT
    ]
    communes = [r for r in regions if r.level == RegionLevel.COMMUNE]
    communes.sort(key=lambda r: (by_id[r.parent_id].code if r.parent_id in by_id else "",
                                 vietnamese_key(r.name_vi)))
    form.communes.choices = [
        SelectChoice(r.id, r.name_vi, optgroup=by_id[r.parent_id].name_vi
                     if r.parent_id in by_id else None)
        for r in communes
    ]
    return form


def _render_edit(user: User, *, form=None, areas=None, active_form=None, status=None):
    form = form or UserEditForm(obj=user)
    if user.role in ROLES_WITH_AREAS:
        areas = areas or _areas_form(user)
    active_form = active_form or ActiveForm(formdata=None,
                                            data={"active": "0" if user.active else "1"})
    if status is None:
        status = 400 if any(f is not None and f.errors for f in (form, areas, active_form)) \
            else 200
    return render_template(
        "admin/users/edit.html", user=user, form=form, areas=areas, active_form=active_form,
        is_self=user.id == current_user.id,
    ), status
