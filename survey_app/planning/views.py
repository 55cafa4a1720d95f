from flask import Blueprint, render_template
from sqlalchemy import func, select

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import BusinessResponse, HouseholdMember, HouseholdResponse, Role

bp = Blueprint("planning", __name__)


@bp.route("/")
@allow(Role.PLANNER)
def dashboard():
    current = HouseholdResponse.is_current
    figures = {
        "households": db.session.scalar(select(func.count()).where(current)),
        "members": db.session.scalar(
            select(func.count(HouseholdMember.id)).join(HouseholdMember.response).where(current)
        ),
        "businesses": db.session.scalar(
            select(func.count()).where(BusinessResponse.is_current, BusinessResponse.submitted)
        ),
    }
    return render_template("planning/dashboard.html", figures=figures)
