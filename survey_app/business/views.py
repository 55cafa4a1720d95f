"""The employer survey, opened with the personal link of an invitation (DESIGN.md §2).

The token in the URL is the only credential: every page finds its invitation
from it and shows that invitation's answers, whatever the form posts. Unknown
and revoked tokens get the same 404, and count against the address's throttle.
"""

import io
from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _

from survey_app.access import public
from survey_app.business import fields
from survey_app.business.display import answer_rows, answers_pdf, trade_choices
from survey_app.extensions import db
from survey_app.models import Invitation
from survey_app.services import business_responses, tokens
from survey_app.services.errors import FieldError
from survey_app.services.household_rules import InvalidResponse
from survey_app.services.round_admin import communes_by_district

bp = Blueprint("business", __name__)


@bp.route("/<token>", methods=["GET", "POST"])
@public
def respond(token):
    invitation = _invitation(token)
    latest = business_responses.current(invitation)
    if not business_responses.editable(invitation):
        return _read_only(invitation, latest, 409 if request.method == "POST" else 200)
    if request.method == "GET":
        business_responses.mark_opened(invitation, ip=request.remote_addr)
        db.session.commit()
        values, rows = (fields.values_from_answer(latest.payload) if latest
                        else _values_from_invitation(invitation))
        return _form_page(invitation, latest, values, rows, {})

    data, rows = fields.answer_from_form(request.form)
    submit = request.form.get("action") == "submit"
    try:
        saved = business_responses.save(invitation, data, submit=submit, ip=request.remote_addr)
    except InvalidResponse as invalid:
        db.session.rollback()
        errors = {fields.field_name(path, rows): message
                  for path, message in invalid.errors.items()}
        return _form_page(invitation, latest, request.form, rows, errors), 422
    except FieldError:
        # The round closed while the page was open.
        db.session.rollback()
        return _read_only(invitation, latest, 409)
    db.session.commit()
    response = saved.response
    if response.submitted and submit:
        if latest is not None and latest.submitted:
            # A change to answers already sent: the confirmation page says it was kept.
            flash(_("Changes saved at %(time)s.", time=format_datetime(response.saved_at, "HH:mm"))
                  if saved.changed else _("Nothing had changed, so nothing new was saved."),
                  "success" if saved.changed else "info")
        return redirect(url_for("business.submitted", token=token))
    flash(_("Saved at %(time)s.", time=format_datetime(response.saved_at, "HH:mm")), "success")
    return redirect(url_for("business.respond", token=token))


@bp.route("/<token>/submitted")
@public
def submitted(token):
    invitation = _invitation(token)
    latest = business_responses.current(invitation)
    if latest is None or not latest.submitted:
        return redirect(url_for("business.respond", token=token))
    return render_template("business/submitted.html", invitation=invitation, response=latest,
                           token=token, editable=business_responses.editable(invitation),
                           answers=answer_rows(latest))


@bp.route("/<token>/answers.pdf")
@public
def pdf(token):
    invitation = _invitation(token)
    latest = business_responses.current(invitation)
    if latest is None:
        return redirect(url_for("business.respond", token=token))
    return send_file(io.BytesIO(answers_pdf(invitation, latest)), mimetype="application/pdf",
                     as_attachment=True, download_name=f"phieu-khao-sat-{latest.business_id}.pdf")


@bp.after_request
def private(response):
    # The pages hold a business's answers: no shared cache or back-button copy keeps them.
    response.headers["Cache-Control"] = "no-store"
    return response


def _invitation(token: str) -> Invitation:
    """The invitation the token opens; 429 while the address is throttled, else 404."""
    ip = request.remote_addr
    if throttle(tokens.FAILED, "BUSINESS_TOKEN_MAX_FAILURES_PER_ADDRESS").locked(ip):
        abort(429)
    invitation = tokens.invitation_for_token(token)
    if invitation is None:
        tokens.record_failure(ip)
        db.session.commit()
        abort(404)
    return invitation


def throttle(action: str, limit_key: str) -> tokens.Throttle:
    config = current_app.config
    return tokens.Throttle(action=action, per_address=config[limit_key],
                           window=timedelta(minutes=config["BUSINESS_TOKEN_WINDOW_MINUTES"]))


def _values_from_invitation(invitation: Invitation) -> tuple[dict, list[int]]:
    """A first visit: what the Department already knows of the business, for checking."""
    business = invitation.business
    values = {"business_name": business.name, "tax_code": business.tax_code or "",
              "sector": business.sector or "", "size_band": business.size_band or "",
              "ownership": business.ownership or "",
              "commune_code": business.commune.code if business.commune else "",
              "contact_name": invitation.contact_name or "",
              "contact_phone": invitation.contact_phone or ""}
    return values, []


def _form_page(invitation, latest, values, rows: list[int], errors: dict):
    return render_template(
        "business/form.html", invitation=invitation, response=latest, values=values,
        rows=fields.with_blank_rows(rows), errors=errors, fields=fields,
        communes=communes_by_district(invitation.round), trades=trade_choices(),
    )


def _read_only(invitation, latest, status: int):
    return render_template("business/closed.html", invitation=invitation, response=latest,
                           answers=latest and answer_rows(latest)), status

