"""The one set of rules: a good answer comes back normalized, a bad one names its fields."""

from datetime import UTC, datetime

import pytest

from survey_app.models import User
from survey_app.services import demo
from survey_app.services.household_rules import InvalidResponse, form_limits, validate
from tests.api.households import answer, field_setting, member

NOW = datetime(2026, 4, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def setting(db, reference_data, create_user):
    survey_round, user = field_setting(create_user)
    return survey_round, db.session.get(User, user.id)


def errors(data, surveyor) -> dict:
    with pytest.raises(InvalidResponse) as refused:
        validate(data, surveyor=surveyor, now=NOW)
    return {field: str(text) for field, text in refused.value.errors.items()}


def test_a_good_answer_is_normalized_and_unknown_keys_dropped(setting):
    survey_round, surveyor = setting
    data = answer(survey_round, village="  Thôn Lũng Cẩm ", phone="091 234 5678", extra="x",
                  members=[member(trades=[{"code": "dl02"}], constraints="")])
    clean = validate(data, surveyor=surveyor, now=NOW)
    assert clean["village"] == "Thôn Lũng Cẩm" and clean["phone"] == "0912345678"
    assert "extra" not in clean and "instance_id" not in clean and "replaces" not in clean
    assert clean["members"][0]["trades"] == [{"code": "DL02"}]
    assert clean["members"][0]["constraints"] is None


def test_ages_outside_15_to_60_are_kept_for_review(setting):
    survey_round, surveyor = setting
    data = answer(survey_round, members=[member(birth_year=2013), member(birth_year=1950)])
    assert validate(data, surveyor=surveyor, now=NOW)["members"][1]["birth_year"] == 1950


def test_a_number_too_long_is_told_its_range_and_a_year_is_written_as_a_year(setting):
    survey_round, surveyor = setting
    found = errors(answer(survey_round, household_size="100000000000000000000",
                          members=[member(birth_year=1800)]), surveyor)
    assert found["household_size"] == "Số nhân khẩu phải từ 1 đến 30"
    assert found["members[1].birth_year"] == "Thành viên 1: năm sinh phải từ 1926 đến 2016"


def test_a_start_after_the_finish_and_a_naive_time_are_refused(setting):
    survey_round, surveyor = setting
    found = errors(answer(survey_round, started_at="2026-04-02T09:00:00+07:00",
                          finished_at="2026-04-02T08:00:00"), surveyor)
    assert "finished_at" in found


def test_a_tablet_clock_a_few_minutes_ahead_is_accepted(setting):
    survey_round, surveyor = setting
    data = answer(survey_round, finished_at="2026-04-02T10:08:00+07:00")
    assert validate(data, surveyor=surveyor, now=NOW)["finished_at"] == "2026-04-02T10:08:00+07:00"


@pytest.mark.parametrize(("changes", "field"), [
    ({"phone": "12345"}, "phone"),
    ({"household_size": 0}, "household_size"),
    ({"gps_lat": 123.0}, "gps_lat"),
    ({"poverty_status": "rich"}, "poverty_status"),
    ({"members": []}, "members"),
    ({"members": [member(trades=[])]}, "members[1].trades"),
    ({"members": [member(trades=[{"code": "DL02"}, {"code": "DL02"}])]}, "members[1].trades[2]"),
    ({"members": [member(trades=[{"other": "x"}])]}, "members[1].trades[1]"),
    ({"members": [member(max_duration_months=40)]}, "members[1].max_duration_months"),
    ({"members": [member(constraints="x" * 501)]}, "members[1].constraints"),
    ({"members": [member(sex=None)]}, "members[1].sex"),
    ({"members": [member(disability="yes")]}, "members[1].disability"),
])
def test_each_broken_rule_is_reported_under_its_field(setting, changes, field):
    survey_round, surveyor = setting
    assert field in errors(answer(survey_round, **changes), surveyor)


def test_a_supervisor_may_enter_in_their_district(db, reference_data, create_user):
    from survey_app.models import Role

    survey_round, user = field_setting(create_user, Role.SUPERVISOR)
    supervisor = db.session.get(User, user.id)
    assert validate(answer(survey_round), surveyor=supervisor, now=NOW)["commune_code"]


def test_demo_payloads_pass_the_rules_unchanged(db, reference_data):
    from sqlalchemy import select

    from survey_app.models import HouseholdResponse

    demo.load(households=30, businesses=2, seed=1)
    db.session.commit()
    for response in db.session.scalars(select(HouseholdResponse)).all()[:10]:
        moment = response.received_at.replace(tzinfo=response.received_at.tzinfo or UTC)
        answer_ = validate(response.payload, surveyor=response.surveyor, now=moment)
        assert answer_ == response.payload


def test_a_form_is_given_the_limits_and_the_words_the_rules_check(setting):
    survey_round, surveyor = setting
    limits = form_limits(NOW.year)
    assert (limits["birth_year"]["min"], limits["birth_year"]["max"]) == (1926, 2016)
    found = errors(answer(survey_round, household_size=-3,
                          members=[member(), member(birth_year=2020)]), surveyor)
    assert found["household_size"] == limits["household_size"]["range"]
    assert found["members[2].birth_year"] == limits["birth_year"]["range"] % {"number": 2}
    found = errors(answer(survey_round, household_size="ba"), surveyor)
    assert found["household_size"] == limits["household_size"]["not_a_number"]
