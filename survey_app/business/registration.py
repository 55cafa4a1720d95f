"""Open registration: the public page of a round where a business joins by its tax code."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from survey_app.access import public
from survey_app.business.views import bp, throttle
from survey_app.extensions import db
from survey_app.models import RoundStatus, SurveyRound
from survey_app.services import business_registration, tokens
from survey_app.services.business_registration import Outcome
from survey_app.services.business_rules import check_tax_code
from survey_app.services.errors import FieldError

NAME_REQUIRED = _l("Business name is required (2 to 300 characters)")
OUTCOMES = {
    Outcome.INVITED: _l("This tax code has already been invited to this survey. Please use the "
                        "link in the letter, e-mail or message you received; if you cannot find "
                        "it, call the Department and ask for a new one."),
    Outcome.ANSWERED: _l("This tax code has already answered this survey. To see or change the "
                         "answers, use the link you received; if you cannot find it, call the "
                         "Department."),
}


@bp.route("/register/<int:round_id>", methods=["GET", "POST"])
@public
def register(round_id):
    survey_round = db.session.get(SurveyRound, round_id)
    if (survey_round is None or not survey_round.open_registration
            or survey_round.status != RoundStatus.OPEN):
        abort(404)
    values, errors, outcome = request.form, {}, None
    if request.method == "POST":
        if throttle(tokens.REGISTERED, "BUSINESS_REGISTRATIONS_PER_ADDRESS").locked(
                request.remote_addr):
            abort(429)
        tax_code = _tax_code(values.get("tax_code", ""), errors)
        name = values.get("business_name", "").strip()
        if not 2 <= len(name) <= 300:
            errors["business_name"] = NAME_REQUIRED
        if not errors:
            registration = _register(survey_round, tax_code, name)
            if registration.token is not None:
                link = url_for("business.respond", token=registration.token, _external=True)
                flash(_("Your form is ready. Keep this link to come back and finish later: "
                        "%(link)s", link=link), "success")
                return redirect(link)
            outcome = OUTCOMES[registration.outcome]
    status = 422 if errors else 200
    return render_template("business/register.html", survey_round=survey_round, values=values,
                           errors=errors, outcome=outcome), status


def _register(survey_round, tax_code: str, name: str):
    try:
        registration = business_registration.register(survey_round, tax_code, name,
                                                       ip=request.remote_addr)
        db.session.commit()
    except IntegrityError:
        # The same new tax code registered at the same moment: the other one won;
        # this attempt now finds it invited.
        db.session.rollback()
        registration = business_registration.register(survey_round, tax_code, name,
                                                       ip=request.remote_addr)
        db.session.commit()
    return registration


def _tax_code(value: str, errors: dict) -> str | None:
    if not value.strip():
        errors["tax_code"] = _("Tax code is required")
        return None
    try:
        return check_tax_code(value)
    except FieldError as error:
        errors["tax_code"] = error.message
        return None
