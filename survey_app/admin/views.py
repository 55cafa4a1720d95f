from flask import Blueprint, render_template

from survey_app.access import allow
from survey_app.models import Role
from survey_app.services.users import count_by_role

bp = Blueprint("admin", __name__)


@bp.route("/")
@allow(Role.ADMIN)
def index():
    return render_template("admin/index.html", user_counts=count_by_role())
