from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import HouseholdResponse, Role

bp = Blueprint("survey", __name__)


@bp.route("/")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def home():
    own = db.session.scalar(
        select(func.count()).where(
            HouseholdResponse.surveyor_id == current_user.id, HouseholdResponse.is_current
        )
    )
    return render_template("survey/home.html", own_responses=own)
