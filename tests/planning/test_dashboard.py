"""The planner's dashboard: the current round's figures and progress per district."""

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from survey_app.models import (
    HouseholdResponse,
    ReviewStatus,
    Role,
    RoundStatus,
    RoundTarget,
    SurveyRound,
)
from survey_app.services import plan_inputs, plan_survey
from survey_app.services.progress import local_today
from tests.services.progress_data import LUNG_CU, MA_LE, MEO_VAC, add_response, make_round
from tests.survey.test_home import figure, page, row


def district_rows(html: str) -> list[list[int]]:
    body = re.search(r"Progress by district.*?<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [[int(c.replace(",", "")) for c in row(html, name) if "%" not in c]
            for name in re.findall(r'<th scope="row">(.*?)</th>', body)]


def test_the_dashboard_shows_the_current_round_only(client, login_as, db, reference_data,
                                                    create_user):
    surveyor = create_user(Role.SURVEYOR)
    old = make_round({LUNG_CU: 3}, name="2025", status=RoundStatus.CLOSED,
                     opens_on=date(2025, 3, 3), closes_on=date(2025, 5, 30))
    add_response(old, LUNG_CU, surveyor, received_at=datetime(2025, 4, 1, tzinfo=UTC))
    current = make_round({LUNG_CU: 4, MA_LE: 6, MEO_VAC: 10})
    now = datetime.now(UTC)
    add_response(current, LUNG_CU, surveyor, received_at=now)
    add_response(current, LUNG_CU, surveyor, status=ReviewStatus.APPROVED,
                 received_at=now - timedelta(days=1))
    add_response(current, MA_LE, surveyor, status=ReviewStatus.HAS_ISSUES, received_at=now)
    add_response(current, MEO_VAC, surveyor, status=ReviewStatus.REJECTED, received_at=now)
    login_as(Role.PLANNER)

    html = page(client, "/planning/")

    # As the table's "done" and the plans count them: the rejected response is left out.
    assert figure(html, "households surveyed") == 3
    assert "(1 rejected response not counted)" in html
    # District, target, done, (progress), approved, sent back, rejected.
    assert row(html, "Đồng Văn") == ["10", "3", "30%", "1", "1", "0"]
    assert row(html, "Mèo Vạc") == ["10", "0", "0%", "0", "0", "1"]
    assert row(html, "Whole province") == ["20", "3", "15%", "1", "1", "1"]
    # Each district's communes, in the same columns.
    assert row(html, "Xã Lũng Cú") == ["4", "2", "50%", "1", "0", "0"]
    assert row(html, "Xã Má Lé") == ["6", "1", "17%", "0", "1", "0"]
    today = re.search(r"<td>([^<]+)</td>\s*<td class=\"num\">(\d+)</td>\s*</tr>\s*</tbody>", html)
    assert today.groups() == (local_today().strftime("%-d %b %Y"), "2")


def test_the_districts_add_up_to_the_whole_province_with_the_demo_data(
        client, login_as, db, runner, reference_data):
    result = runner.invoke(args=["demo", "load", "--households", "60", "--businesses", "3",
                                 "--seed", "2"])
    assert result.exit_code == 0, result.output
    login_as(Role.PLANNER)

    html = page(client, "/planning/")

    districts = district_rows(html)
    total = [int(c.replace(",", "")) for c in row(html, "Whole province") if "%" not in c]
    assert [sum(column) for column in zip(*districts, strict=True)] == total
    target = db.session.scalar(select(func.sum(RoundTarget.target_households)))
    rejected = db.session.scalar(select(func.count()).where(
        HouseholdResponse.status == ReviewStatus.REJECTED))
    assert total[0] == target
    assert total[1] == 60 - rejected
    assert figure(html, "households surveyed") == 60 - rejected
    assert f"({rejected} rejected responses not counted)" in html
    # The members a plan reads, as its PDF counts them.
    survey_round = db.session.scalar(select(SurveyRound))
    assert figure(html, "people wanting training") == plan_survey.facts(
        survey_round, approved_only=False, grouping_unit="district")["members"]


def test_an_empty_database_shows_a_message_not_an_error(client, login_as, db):
    login_as(Role.PLANNER)

    html = page(client, "/planning/")

    assert "No survey round has been set up yet." in html


def test_a_round_without_targets_or_responses_shows_empty_tables(client, login_as, db):
    make_round()
    login_as(Role.PLANNER)

    html = page(client, "/planning/")

    assert "This round has no targets and no responses yet." in html
    assert figure(html, "households surveyed") == 0


def test_responses_per_day_are_drawn_as_bars_labelled_with_their_numbers(
        client, login_as, db, reference_data, create_user):
    surveyor = create_user(Role.SURVEYOR)
    current = make_round({LUNG_CU: 4})
    now = datetime.now(UTC)
    for _ in range(3):
        add_response(current, LUNG_CU, surveyor, received_at=now)
    add_response(current, LUNG_CU, surveyor, received_at=now - timedelta(days=1))
    login_as(Role.PLANNER)

    html = page(client, "/planning/")

    chart = re.search(r'<figure class="chart">(.*?)</figure>', html, re.S).group(1)
    assert 'role="img"' in chart
    labels = re.findall(r'class="chart-label">([^<]+)</text>', chart)
    values = [int(v) for v in re.findall(r'class="chart-value">([^<]+)</text>', chart)]
    assert len(labels) == len(values) == 14
    assert values[-2:] == [1, 3]  # yesterday, today
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height', chart)]
    assert widths[-1] > widths[-2] > 0 and widths[0] == 0


def heat_rows(html: str) -> list[tuple[str, list[str]]]:
    body = re.search(r'<table class="heat-table">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [(name, re.findall(r"<td[^>]*>(?:<strong>)?([\d.,]+)", cells))
            for name, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', body, re.S)]


def test_demand_by_district_and_trade_adds_up_and_shows_raw_counts(
        client, login_as, db, runner, reference_data):
    result = runner.invoke(
        args=["demo", "load", "--households", "200", "--businesses", "8", "--seed", "4"])
    assert result.exit_code == 0, result.output
    login_as(Role.PLANNER)

    html = page(client, "/planning/")

    rows = heat_rows(html)
    assert 1 <= len(rows) <= 12
    totals = [int(cells[-1].replace(",", "")) for _, cells in rows]
    assert totals == sorted(totals, reverse=True)  # most wanted first
    raw = re.findall(r'<span class="raw">([\d,]+)</span>', html)
    assert raw
    assert "heat-5" in html  # the largest cell is the darkest
    # Each trade's raw count over the districts is the province's.
    table = re.search(r'<table class="heat-table">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    for trade_row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        counts = [int(c.replace(",", ""))
                  for c in re.findall(r'<span class="raw">([\d,]+)</span>', trade_row)]
        assert sum(counts[:-1]) == counts[-1]
    assert "Most wanted trades in each district" in html


def test_the_data_quality_summary_counts_flags_sent_back_and_rejected(client, login_as, db,
                                                                       reference_data, create_user):
    surveyor = create_user(Role.SURVEYOR)
    current = make_round({LUNG_CU: 4})
    now = datetime.now(UTC)
    add_response(current, LUNG_CU, surveyor, status=ReviewStatus.HAS_ISSUES, received_at=now)
    add_response(current, LUNG_CU, surveyor, status=ReviewStatus.REJECTED, received_at=now)
    login_as(Role.PLANNER)

    html = page(client, "/planning/")

    quality = re.search(r"Data quality</h2>(.*?)</table>", html, re.S).group(1)
    assert re.search(r"Sent back to fix</th><td class=\"num\">1<", quality)
    assert re.search(r"Rejected</th><td class=\"num\">1<", quality)
    assert "Likely duplicate household" in quality


def test_the_figures_are_kept_between_visits_until_a_response_arrives_or_is_reviewed(
        client, login_as, db, reference_data, create_user, monkeypatch):
    surveyor = create_user(Role.SURVEYOR)
    current = make_round({LUNG_CU: 4})
    now = datetime.now(UTC)
    first = add_response(current, LUNG_CU, surveyor, received_at=now)
    login_as(Role.PLANNER)
    builds = []
    real_build = plan_inputs.build
    monkeypatch.setattr(plan_inputs, "build",
                        lambda *args, **kwargs: builds.append(1) or real_build(*args, **kwargs))

    def rejected() -> str:
        html = page(client, "/planning/")
        quality = re.search(r"Data quality</h2>(.*?)</table>", html, re.S).group(1)
        return re.search(r'Rejected</th><td class="num">(\d+)<', quality).group(1)

    assert rejected() == "0" and len(builds) == 1
    assert rejected() == "0" and len(builds) == 1  # nothing new: the figures are reused
    db.session.get(HouseholdResponse, first.id).status = ReviewStatus.REJECTED
    db.session.commit()
    assert rejected() == "1" and len(builds) == 2
    add_response(current, LUNG_CU, surveyor, received_at=now)
    assert rejected() == "1" and len(builds) == 3
