"""The planner's dashboard: the current round's figures and progress per district."""

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from survey_app.models import HouseholdResponse, ReviewStatus, Role, RoundStatus, RoundTarget
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

    assert figure(html, "households surveyed") == 4
    # District, target, done, (progress), approved, sent back, rejected.
    assert row(html, "Đồng Văn") == ["10", "3", "30%", "1", "1", "0"]
    assert row(html, "Mèo Vạc") == ["10", "0", "0%", "0", "0", "1"]
    assert row(html, "Whole province") == ["20", "3", "15%", "1", "1", "1"]
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
    assert figure(html, "households surveyed") == 60


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
