"""A valid household answer and the setting it is valid in: an open round, a surveyor's area."""

import uuid

from survey_app.models import Role
from tests.services.progress_data import LUNG_CU, assign, make_round


def answer(survey_round, **changes) -> dict:
    """A complete, valid submission for a commune of Đồng Văn, with a fresh instance id."""
    data = {
        "instance_id": str(uuid.uuid4()),
        "replaces": None,
        "round_id": survey_round.id,
        "commune_code": LUNG_CU,
        "village": "Thôn Lũng Cẩm",
        "consent": True,
        "started_at": "2026-04-02T08:15:00+07:00",
        "finished_at": "2026-04-02T08:41:00+07:00",
        "gps_lat": 23.21, "gps_lon": 105.25, "gps_accuracy_m": 12.0,
        "head_name": "Giàng Mí Sính", "phone": "0912345678",
        "household_size": 6, "ethnicity": "H'Mông", "poverty_status": "poor",
        "main_livelihood": "crops",
        "members": [member(), member(sex="male", birth_year=1990, trades=[{"code": "NN07"}])],
    }
    data.update(changes)
    return data


def member(**changes) -> dict:
    data = {
        "sex": "female", "birth_year": 1998, "education": "lower_secondary",
        "current_work": "farming",
        "trades": [{"code": "DL02"}, {"code": "DL01"}, {"other": "Làm bánh tam giác mạch"}],
        "desired_level": "so_cap", "max_duration_months": 3, "study_place": "commune",
        "can_board": False, "work_away": "no", "work_away_where": None,
        "constraints": "Con nhỏ", "poor_household": True, "near_poor_household": False,
        "ethnic_minority": True, "disability": False, "revolutionary_merit": False,
        "demobilised_soldier": False, "land_recovered": False, "woman_lost_job": False,
    }
    data.update(changes)
    return data


def field_setting(create_user, role=Role.SURVEYOR):
    """An open round and a user of ``role`` assigned to Đồng Văn district (code 026)."""
    survey_round = make_round()
    user = create_user(role)
    assign(user, "026")
    return survey_round, user
