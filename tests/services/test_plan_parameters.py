"""The parameters a plan is asked for: absurd values refused before anything is queued, every
bad one at once, each named in the planner's words with its range."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from survey_app.models import ClassRule
from survey_app.services import plans
from survey_app.services.plan_parameters import ParametersError

HUGE = "100000000000000000000"  # 10^20, as a tester typed it


def refused(values: dict[str, str]) -> dict[str, str]:
    with pytest.raises(ParametersError) as caught:
        plans.settings(values)
    with force_locale("vi"):
        return {error.field: str(error.message) for error in caught.value.errors}


def test_absurd_values_are_refused_each_naming_itself_with_its_range_in_vietnamese(
        db, reference_data):
    messages = refused({"choice_weights": f"{HUGE},0.5,0.25", "min_class_size": HUGE,
                        "budget_cap_vnd": HUGE})

    assert messages == {
        "choice_weights": "Trọng số các lựa chọn phải là ba số từ 0 đến 1, số thứ nhất lớn hơn 0 "
                          "và không số nào lớn hơn số đứng trước, ví dụ 1; 0,5 và 0,25.",
        # The practice class's limit: a larger minimum would only ever mean full classes.
        "min_class_size": "Sĩ số lớp tối thiểu phải là số nguyên từ 1 đến 18 (sĩ số tối đa của "
                          "một lớp).",
        "budget_cap_vnd": "Trần ngân sách phải là số tiền (đồng) từ 1 đến 10.000.000.000.000, "
                          "viết bằng chữ số, hoặc để trống nếu không giới hạn.",
    }


def test_the_minimum_class_size_is_bounded_by_the_class_size_limits_the_admin_keeps(
        db, reference_data):
    assert plans.settings({"min_class_size": "18"}).parameters.min_class_size == 18
    assert set(refused({"min_class_size": "19"})) == {"min_class_size"}
    # Theory classes hold up to 35.
    assert plans.settings({"min_class_size": "30", "class_rule": "theory_class"}
                          ).parameters.min_class_size == 30

    db.session.scalar(select(ClassRule).where(ClassRule.rule == "practice_class",
                                              ClassRule.applies_to == "general")
                      ).max_learners = 12
    db.session.commit()

    assert "từ 1 đến 12" in refused({"min_class_size": "15"})["min_class_size"]


def test_a_class_rule_without_a_limit_is_refused_not_failed_later(db, reference_data):
    messages = refused({"class_rule": "workshop", "min_class_size": "mười"})

    assert set(messages) == {"class_rule", "min_class_size"}
    assert "quản trị viên" in messages["class_rule"]


def test_the_largest_values_allowed_make_settings(db, reference_data):
    chosen = plans.settings({"choice_weights": "1,1,1", "min_class_size": "1",
                             "budget_cap_vnd": "10000000000000"})

    assert chosen.parameters.budget_cap_vnd == 10**13
