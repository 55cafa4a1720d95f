"""Progress against targets: per commune, district and surveyor, counted by the database."""

from datetime import UTC, date, datetime

import pytest

from survey_app.models import RegionLevel, ReviewStatus, Role, RoundStatus
from survey_app.services import progress
from survey_app.services.rounds import current_round
from tests.services.progress_data import (
    LUNG_CU,
    MA_LE,
    MEO_VAC,
    PAI_LUNG,
    add_response,
    assign,
    make_round,
    region,
)

TODAY = date(2026, 4, 10)  # in Vietnam (UTC+7)
EARLIER = datetime(2026, 4, 2, 3, 0, tzinfo=UTC)


def at(hour, minute=0, day=10):
    return datetime(2026, 4, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def fieldwork(db, reference_data, create_user):
    """Two surveyors' responses in four communes, counted by hand in the tests below."""
    a = create_user(Role.SURVEYOR, full_name="A Giàng")
    b = create_user(Role.SURVEYOR, full_name="B Sùng")
    survey_round = make_round({LUNG_CU: 10, MA_LE: 5, MEO_VAC: 4})
    add_response(survey_round, LUNG_CU, a, received_at=at(1))  # 08:00 today
    add_response(survey_round, LUNG_CU, a, status=ReviewStatus.APPROVED, received_at=EARLIER)
    add_response(survey_round, LUNG_CU, a, status=ReviewStatus.HAS_ISSUES, received_at=EARLIER,
                 comment="Thiếu số điện thoại")
    add_response(survey_round, LUNG_CU, b, status=ReviewStatus.REJECTED, received_at=at(2))
    add_response(survey_round, LUNG_CU, a, is_current=False, received_at=at(2))  # an old version
    add_response(survey_round, MA_LE, b, received_at=at(18, 30, day=9))  # 01:30 today
    add_response(survey_round, MA_LE, b, received_at=at(16, 30, day=9))  # 23:30 yesterday
    add_response(survey_round, MEO_VAC, a, status=ReviewStatus.APPROVED, received_at=EARLIER)
    add_response(survey_round, PAI_LUNG, b, received_at=EARLIER)  # a commune without target
    return survey_round, a, b


def communes(*codes):
    return [region(code).id for code in codes]


def test_commune_rows_count_current_versions_and_never_rejected_ones_as_done(fieldwork):
    survey_round, a, _ = fieldwork

    rows = progress.commune_progress(
        survey_round, TODAY, communes(LUNG_CU, MA_LE, MEO_VAC, PAI_LUNG), surveyor_id=a.id)

    seen = [(r.commune_name, r.target, r.received, r.approved, r.has_issues, r.rejected, r.done,
             r.today, r.mine, r.percent) for r in rows]
    assert seen == [
        ("Xã Lũng Cú", 10, 1, 1, 1, 1, 3, 1, 3, 30),
        ("Xã Má Lé", 5, 2, 0, 0, 0, 2, 1, 0, 40),
        ("Thị trấn Mèo Vạc", 4, 0, 1, 0, 0, 1, 0, 1, 25),
        ("Xã Pải Lủng", 0, 1, 0, 0, 0, 1, 0, 0, None),
    ]


def test_a_commune_with_nothing_done_is_listed_with_zeros(fieldwork):
    survey_round, _, _ = fieldwork

    (row,) = progress.commune_progress(survey_round, TODAY, communes("00712"))

    assert (row.commune_name, row.target, row.done, row.percent) == (
        "Thị trấn Phó Bảng", 0, 0, None)


def test_districts_add_up_their_communes_and_the_total_adds_up_the_districts(fieldwork):
    survey_round, _, _ = fieldwork

    districts = progress.by_district(progress.commune_progress(survey_round, TODAY))
    whole = progress.total(districts)

    assert [(d.district_name, d.target, d.done, d.rejected, d.percent) for d in districts] == [
        ("Đồng Văn", 15, 5, 1, 33), ("Mèo Vạc", 4, 2, 0, 50)]
    assert (whole.target, whole.done, whole.approved, whole.has_issues, whole.rejected) == (
        19, 7, 2, 1, 1)


def test_surveyor_rows_include_assigned_surveyors_who_have_not_started(
        fieldwork, create_user):
    survey_round, a, b = fieldwork
    idle = create_user(Role.SURVEYOR, full_name="C Hoàng")
    elsewhere = create_user(Role.SURVEYOR, full_name="D Lò")
    assign(idle, "026")
    assign(elsewhere, "028")

    rows = progress.surveyor_progress(
        survey_round, TODAY, communes(LUNG_CU, MA_LE, MEO_VAC, PAI_LUNG))

    assert [(r.full_name, r.done, r.today, r.sent_back) for r in rows] == [
        ("A Giàng", 4, 1, 1), ("B Sùng", 3, 1, 0), ("C Hoàng", 0, 0, 0)]


def test_a_surveyors_totals_count_today_by_the_day_in_vietnam(fieldwork):
    survey_round, a, b = fieldwork

    assert progress.surveyor_totals(survey_round, a.id, TODAY) == progress.Tally(4, 1, 1)
    assert progress.surveyor_totals(survey_round, b.id, TODAY) == progress.Tally(3, 1, 0)
    assert progress.surveyor_totals(survey_round, b.id, date(2026, 4, 9)).today == 2


def test_sent_back_lists_the_surveyors_own_newest_first_with_the_comment(db, fieldwork):
    survey_round, a, b = fieldwork
    add_response(survey_round, MA_LE, a, status=ReviewStatus.HAS_ISSUES, comment="Sai tuổi",
                 head_name="Vàng Thị Dính", reviewed_at=at(5))

    mine = progress.sent_back(survey_round, a.id)

    assert [(s.head_name, s.commune_name, s.comment) for s in mine] == [
        ("Vàng Thị Dính", "Xã Má Lé", "Sai tuổi"),
        ("Giàng Seo Páo", "Xã Lũng Cú", "Thiếu số điện thoại"),
    ]
    assert progress.sent_back(survey_round, b.id) == []


def test_daily_counts_split_days_at_midnight_in_vietnam(fieldwork):
    survey_round, _, _ = fieldwork

    days = progress.daily_counts(survey_round, TODAY, days=3)

    # Yesterday: 23:30; today: 01:30 and 08:00; the rejected one and the old version not counted.
    assert days == [(date(2026, 4, 8), 0), (date(2026, 4, 9), 1), (TODAY, 2)]


def test_recent_days_end_today_while_the_round_runs_then_on_the_last_arrival(fieldwork):
    survey_round, _, _ = fieldwork

    assert progress.last_active_day(survey_round, TODAY) == TODAY
    assert progress.last_active_day(survey_round, date(2027, 2, 1)) == TODAY


def test_area_communes_expand_districts_and_keep_single_communes(db, reference_data):
    dong_van = region("026", RegionLevel.DISTRICT)

    ids = progress.area_communes({dong_van.id, region(MEO_VAC).id}, date(2026, 3, 2))

    assert len(ids) == 19 + 1
    assert region(MEO_VAC).id in ids and region(LUNG_CU).id in ids
    assert progress.area_communes(set(), date(2026, 3, 2)) == []


def test_current_round_prefers_the_open_one_then_the_latest(db):
    assert current_round() is None
    old = make_round(name="2024", status=RoundStatus.CLOSED, opens_on=date(2024, 3, 4))
    assert current_round() == old
    draft = make_round(name="2027", status=RoundStatus.DRAFT, opens_on=date(2027, 3, 1))
    assert current_round() == draft
    running = make_round(name="2026", status=RoundStatus.OPEN, opens_on=date(2026, 3, 2))
    assert current_round() == running
