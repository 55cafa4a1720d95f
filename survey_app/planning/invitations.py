"""Planners' pages for business invitations: the list, creating, uploading, letters, revoking.

A link is shown (and its letter can be printed) only in the answer to the
request that made its token: creation, upload or re-issue. The letter form on
that page sends the tokens back, and they are checked against the stored hashes.
"""

import io

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import Invitation, InvitationStatus, Region, Role, User
from survey_app.paging import requested_page
from survey_app.planning.invitation_forms import (
    GOOD_ROWS,
    ActionForm,
    FilterForm,
    InvitationForm,
    NewLinksForm,
    UploadForm,
)
from survey_app.planning.views import bp
from survey_app.reports.letters import letters_pdf
from survey_app.services import invitation_files
from survey_app.services import invitations as service
from survey_app.services.invitations import (
    STATUS_LABELS,
    Filters,
    InvalidInvitation,
    Issued,
    RoundClosed,
)
from survey_app.services.progress import local_today
from survey_app.services.rounds import current_round
from survey_app.services.spreadsheets import MEDIA_TYPES, csv_chunks, xlsx_file

# A letter takes about 0.16 s to render: 100 of them stay well within gunicorn's 30 s timeout.
MAX_LETTERS = 100
SEARCH_MAX = 100
TEMPLATE_NAMES = {"status_labels": STATUS_LABELS}


def _actor() -> User:
    return current_user._get_current_object()


def _link(token: str) -> str:
    return url_for("business.respond", token=token, _external=True)


def _districts(survey_round) -> list[Region]:
    return service.Places(survey_round.opens_on).districts


def _filters(survey_round) -> tuple[FilterForm, Filters]:
    """The filters in the URL; a value that names nothing is ignored, never an error."""
    form = FilterForm(request.args)
    districts = _districts(survey_round)
    form.status.choices = [SelectChoice("", _("All statuses"))] + [
        SelectChoice(s.value, STATUS_LABELS[s]) for s in InvitationStatus]
    form.district.choices = [SelectChoice("", _("All districts"))] + [
        SelectChoice(str(d.id), d.name_vi) for d in districts]
    status = request.args.get("status", "")
    district = request.args.get("district", "")
    search = " ".join(request.args.get("q", "").split())[:SEARCH_MAX]
    filters = Filters(
        status=InvitationStatus(status) if status in set(InvitationStatus) else None,
        district_id=int(district) if district in {str(d.id) for d in districts} else None,
        search=search or None,
    )
    return form, filters


def _round_or_notice():
    survey_round = current_round()
    if survey_round is None:
        flash(_("No survey round has been set up yet: invitations belong to a round."), "error")
    return survey_round


@bp.route("/invitations/")
@allow(Role.PLANNER)
def invitations():
    survey_round = current_round()
    if survey_round is None:
        return render_template("planning/invitations/list.html", survey_round=None)
    form, filters = _filters(survey_round)
    page = service.page(survey_round, filters, requested_page())
    return render_template(
        "planning/invitations/list.html", survey_round=survey_round, form=form,
        filters=filters, page=page, counts=service.status_counts(survey_round),
        new_links_form=NewLinksForm(formdata=None), max_letters=MAX_LETTERS, **TEMPLATE_NAMES)


@bp.route("/invitations/export")
@allow(Role.PLANNER)
def invitations_export():
    survey_round = current_round()
    file_format = request.args.get("format", "xlsx")
    if survey_round is None or file_format not in MEDIA_TYPES:
        abort(404)
    _form, filters = _filters(survey_round)
    header, rows = invitation_files.follow_up_table(
        service.to_follow_up(_actor(), survey_round, filters, file_format), STATUS_LABELS)
    db.session.commit()
    data = (io.BytesIO(b"".join(csv_chunks(header, rows))) if file_format == "csv"
            else xlsx_file(header, rows, title=_("Not yet submitted")))
    return _download(data, file_format, f"invitations-not-submitted-{local_today()}")


@bp.route("/invitations/template")
@allow(Role.PLANNER)
def invitations_template():
    file_format = request.args.get("format", "xlsx")
    if file_format not in MEDIA_TYPES:
        abort(404)
    data = (invitation_files.template_csv() if file_format == "csv"
            else invitation_files.template_xlsx())
    return _download(io.BytesIO(data), file_format, "invitations-template")


def _download(data, file_format: str, stem: str):
    return send_file(data, mimetype=MEDIA_TYPES[file_format], as_attachment=True,
                     download_name=f"{stem}.{file_format}")


def _invitation_form(survey_round, **kwargs) -> InvitationForm:
    form = InvitationForm(**kwargs)
    places = service.Places(survey_round.opens_on)
    form.district.choices = [SelectChoice("", _("Choose the district"))] + [
        SelectChoice(d.code, d.name_vi) for d in places.districts]
    # Communes grouped under their district; no JavaScript needed to pick one.
    # Places holds both in page order; a group per district, in the districts' order.
    names = {d.id: d.name_vi for d in places.districts}
    groups: dict = {"": [SelectChoice("", _("Not known"))], **{name: [] for name in names.values()}}
    for commune in places.communes:
        groups.setdefault(names.get(commune.parent_id, _("Other")), []).append(
            SelectChoice(commune.code, commune.name_vi))
    form.commune.choices = {label: choices for label, choices in groups.items() if choices}
    return form


@bp.route("/invitations/new", methods=["GET", "POST"])
@allow(Role.PLANNER)
def invitation_new():
    survey_round = _round_or_notice()
    if survey_round is None:
        return redirect(url_for("planning.invitations"))
    form = _invitation_form(survey_round)
    if form.validate_on_submit():
        try:
            issued = service.create_one(_actor(), survey_round,
                                        {name: form[name].data for name in form.FIELDS})
        except InvalidInvitation as error:
            db.session.rollback()
            for name, text in error.errors.items():
                form[name].errors = [*form[name].errors, text]
        except RoundClosed:
            db.session.rollback()
            return _round_closed(survey_round)
        else:
            db.session.commit()
            business = issued.invitation.business
            if business.name.split() != (form.business_name.data or "").split():
                flash(_("Tax code %(code)s is already known as “%(name)s”: the invitation uses "
                        "that name.", code=business.tax_code, name=business.name), "info")
            return _issued_page([issued])
    status = 400 if form.errors else 200
    return render_template("planning/invitations/new.html", form=form,
                           survey_round=survey_round), status


def _round_closed(survey_round):
    flash(_("“%(name)s” is closed: its invitations can no longer be created or re-issued.",
            name=survey_round.name), "error")
    return redirect(url_for("planning.invitations"))


@bp.route("/invitations/upload", methods=["GET", "POST"])
@allow(Role.PLANNER)
def invitations_upload():
    survey_round = _round_or_notice()
    if survey_round is None:
        return redirect(url_for("planning.invitations"))
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            lines = invitation_files.read_upload(upload.filename or "", upload.read())
            result = service.create_many(_actor(), survey_round, lines,
                                         all_or_nothing=form.mode.data != GOOD_ROWS)
        except invitation_files.UploadError as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, error.message]
        except RoundClosed:
            db.session.rollback()
            return _round_closed(survey_round)
        else:
            db.session.commit()
            status = 400 if result.errors and not result.created else 200
            return _not_stored(render_template(
                "planning/invitations/upload_result.html", result=result,
                all_or_nothing=form.mode.data != GOOD_ROWS, issued=_issued_rows(result.created),
                letters_form=ActionForm(formdata=None), max_letters=MAX_LETTERS,
                survey_round=survey_round), status)
    status = 400 if form.errors else 200
    return render_template("planning/invitations/upload.html", form=form,
                           survey_round=survey_round), status


def _issued_rows(issued: list[Issued]) -> list[dict]:
    return [{"invitation": i.invitation, "token": i.token, "link": _link(i.token)}
            for i in issued]


def _issued_page(issued: list[Issued]):
    return _not_stored(render_template("planning/invitations/issued.html",
                                       issued=_issued_rows(issued), max_letters=MAX_LETTERS,
                                       letters_form=ActionForm(formdata=None)))


def _not_stored(page: str, status: int = 200):
    """A page showing links: no cache keeps a copy of their tokens."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/invitations/<int:invitation_id>")
@allow(Role.PLANNER)
def invitation_detail(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    return render_template("planning/invitations/detail.html", invitation=invitation,
                           form=ActionForm(formdata=None), **TEMPLATE_NAMES)


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@allow(Role.PLANNER)
def invitation_revoke(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.revoke(_actor(), invitation)
    db.session.commit()
    flash(_("The link of “%(name)s” no longer works. Re-issue it to give the business a new "
            "one.", name=invitation.business.name), "success")
    return redirect(url_for("planning.invitation_detail", invitation_id=invitation.id))


@bp.route("/invitations/<int:invitation_id>/reissue", methods=["POST"])
@allow(Role.PLANNER)
def invitation_reissue(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        issued = service.reissue(_actor(), invitation)
    except RoundClosed:
        db.session.rollback()
        return _round_closed(invitation.round)
    db.session.commit()
    return _issued_page([issued])


@bp.route("/invitations/letters", methods=["POST"])
@allow(Role.PLANNER)
def invitation_letters():
    """The letters of links just shown: the page sends back the ``id:token`` pairs it got."""
    if not ActionForm().validate_on_submit():
        abort(400)
    values = request.form.getlist("issued")
    if not values or len(values) > MAX_LETTERS:
        abort(400)
    pairs = []
    for value in values:
        invitation_id, _sep, token = value.partition(":")
        if not invitation_id.isdigit() or not token:
            abort(400)
        pairs.append((int(invitation_id), token))
    try:
        issued = service.tokens_match(pairs)
    except LookupError:
        # A link re-issued or revoked since the page was shown: its letter would be useless.
        flash(_("These links have changed since they were shown (re-issued or revoked): "
                "re-issue the invitation to print its letter."), "error")
        return redirect(url_for("planning.invitations"))
    return _letters_download(issued)


@bp.route("/invitations/letters/new-links", methods=["POST"])
@allow(Role.PLANNER)
def invitation_letters_new_links():
    """Letters for the selected invitations, or all those matching the list's filters.

    Links are not stored, so printing them again means new links: the old ones stop
    working, which the planner confirms first.
    """
    survey_round = current_round()
    form = NewLinksForm()
    if survey_round is None or not form.validate_on_submit():
        abort(400)
    _filter_form, filters = _filters(survey_round)
    back = url_for("planning.invitations", **filters.args())
    if request.form.get("scope") == "filtered":
        chosen = list(db.session.scalars(service.filtered(survey_round, filters)).unique())
    else:
        ids = [int(v) for v in request.form.getlist("selected") if v.isdigit()]
        chosen = service.selected(survey_round, ids)
    chosen = [i for i in chosen if i.status != InvitationStatus.REVOKED]
    if not chosen:
        flash(_("Choose the invitations to print letters for (revoked ones are left out)."),
              "error")
        return redirect(back)
    if len(chosen) > MAX_LETTERS:
        flash(_("%(count)s letters at once is too many: narrow the list to at most %(max)s.",
                count=len(chosen), max=MAX_LETTERS), "error")
        return redirect(back)
    if not form.confirm.data:
        flash(_("Tick the box to confirm that the links already sent will stop working."),
              "error")
        return redirect(back)
    try:
        issued = service.reissue_many(_actor(), chosen)
    except RoundClosed:
        db.session.rollback()
        return _round_closed(survey_round)
    # Made before the commit: if the PDF fails, the links already sent keep working.
    response = _letters_download(issued)
    db.session.commit()
    return response


def _letters_download(issued: list[Issued]):
    pdf = letters_pdf(issued, _link)
    name = "invitation-letter" if len(issued) == 1 else "invitation-letters"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"{name}-{local_today()}.pdf")

