"""The four data-quality flags a supervisor sees: each raised when it should and only then."""

import pytest

from survey_app.models import HouseholdResponse, ReviewStatus, Role
from survey_app.services import quality
from survey_app.services.quality import QualityRules
from tests.services.progress_data import LUNG_CU, MA_LE, make_round, region
from tests.services.review_data import household


@pytest.fixture
def setting(db, reference_data, create_user):
    return make_round(), create_user(Role.SURVEYOR)


def codes(response) -> list[str]:
    found = quality.flags([HouseholdResponse.id == response.id])
    return [flag.code for flag in found[response.id]]


def test_an_ordinary_response_raises_no_flag(setting):
    survey_round, surveyor = setting
    commune = region(LUNG_CU)
    response = household(survey_round, LUNG_CU, surveyor, gps=(commune.lat, commune.lon))
    assert codes(response) == []


def test_same_head_name_in_the_same_commune_ignoring_case_and_accents_is_a_likely_duplicate(
        setting):
    survey_round, surveyor = setting
    first = household(survey_round, LUNG_CU, surveyor, head_name="Giàng Seo Páo")
    second = household(survey_round, LUNG_CU, surveyor, head_name="giang  seo pao")
    assert codes(first) == ["duplicate"]
    assert codes(second) == ["duplicate"]


def test_same_phone_in_the_same_commune_is_a_likely_duplicate(setting):
    survey_round, surveyor = setting
    first = household(survey_round, LUNG_CU, surveyor, head_name="Lò Văn A", phone="0912 345 678")
    household(survey_round, LUNG_CU, surveyor, head_name="Vàng Thị B", phone="0912345678")
    assert codes(first) == ["duplicate"]


def test_same_name_in_another_commune_or_a_rejected_twin_is_no_duplicate(setting):
    survey_round, surveyor = setting
    response = household(survey_round, LUNG_CU, surveyor, head_name="Giàng Seo Páo")
    household(survey_round, MA_LE, surveyor, head_name="Giàng Seo Páo")
    household(survey_round, LUNG_CU, surveyor, head_name="Giàng Seo Páo",
              status=ReviewStatus.REJECTED)
    household(survey_round, LUNG_CU, surveyor, head_name="Giàng Seo Páo", is_current=False)
    assert codes(response) == []


def test_an_interview_much_shorter_than_the_rounds_median_is_flagged_with_both_durations(
        setting, app):
    survey_round, surveyor = setting
    for name in ("A", "B", "C"):
        household(survey_round, MA_LE, surveyor, minutes=24, head_name=name)
    short = household(survey_round, LUNG_CU, surveyor, minutes=9, head_name="D")
    usual = household(survey_round, LUNG_CU, surveyor, minutes=20, head_name="E")
    assert codes(short) == ["short"] and codes(usual) == []
    with app.test_request_context():
        flag = quality.flags([HouseholdResponse.id == short.id])[short.id][0]
        assert flag.detail == "9 phút; thường là 24"


def test_under_the_floor_is_short_even_when_every_interview_is_quick(setting):
    survey_round, surveyor = setting
    quick = [household(survey_round, LUNG_CU, surveyor, minutes=7, head_name=n) for n in "ABC"]
    assert codes(quick[0]) == ["short"]
    rules = QualityRules(short_minutes=5)
    assert quality.flags([HouseholdResponse.id == quick[0].id], rules)[quick[0].id] == []


def test_gps_far_from_the_commune_centre_is_flagged_with_the_distance(setting, app):
    survey_round, surveyor = setting
    commune = region(LUNG_CU)
    # 0.1° of latitude is about 11.1 km.
    far = household(survey_round, LUNG_CU, surveyor, gps=(commune.lat + 0.1, commune.lon),
                    head_name="A")
    near = household(survey_round, LUNG_CU, surveyor, gps=(commune.lat + 0.05, commune.lon),
                     head_name="B")
    without = household(survey_round, LUNG_CU, surveyor, gps=None, head_name="C")
    assert codes(far) == ["far"]
    assert codes(near) == [] and codes(without) == []
    with app.test_request_context():
        flag = quality.flags([HouseholdResponse.id == far.id])[far.id][0]
        assert flag.detail == "11,1 km từ trung tâm xã"


@pytest.mark.parametrize(("birth_year", "flagged"), [
    (2012, True),  # 14 in 2026
    (2011, False),  # 15
    (1966, False),  # 60
    (1965, True),  # 61
])
def test_a_member_younger_than_15_or_older_than_60_is_flagged(setting, birth_year, flagged):
    survey_round, surveyor = setting
    response = household(survey_round, LUNG_CU, surveyor, birth_years=(1995, birth_year))
    assert codes(response) == (["age"] if flagged else [])


def test_the_flag_filter_finds_only_the_flagged_responses(setting):
    survey_round, surveyor = setting
    young = household(survey_round, LUNG_CU, surveyor, birth_years=(2015,), head_name="A")
    household(survey_round, LUNG_CU, surveyor, head_name="B")
    scope = [HouseholdResponse.round_id == survey_round.id]
    assert quality.flagged_ids("age", scope) == [young.id]
