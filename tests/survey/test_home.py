"""The surveyor's and supervisor's home page: where the survey stands in their areas."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from survey_app.models import RegionLevel, ReviewStatus, Role
from tests.services.progress_data import (
    LUNG_CU,
    MA_LE,
    MEO_VAC,
    add_response,
    assign,
    make_round,
)

LONG_AGO = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def page(client, url="/survey/") -> str:
    client.post("/language/en")
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def figure(html: str, label: str) -> int:
    match = re.search(rf'<span class="value">([\d,]+)</span> <span class="label">{label}</span>',
                      html)
    assert match, f"no figure {label!r}"
    return int(match.group(1).replace(",", ""))


def row(html: str, name: str) -> list[str]:
    """The cells after the row header ``name``, as text."""
    match = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {name!r}"
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


@pytest.fixture
def fieldwork(db, reference_data, create_user):
    """Đồng Văn (026) and Mèo Vạc (027): two surveyors, a few responses each."""
    lan = create_user(Role.SURVEYOR, full_name="Lò Thị Lan")
    sinh = create_user(Role.SURVEYOR, full_name="Giàng Mí Sính")
    assign(lan, "026")
    assign(sinh, "026", "027")
    survey_round = make_round({LUNG_CU: 4, MA_LE: 10, MEO_VAC: 5}, name="Khảo sát 2026")
    now = datetime.now(UTC)
    add_response(survey_round, LUNG_CU, lan, received_at=now)
    add_response(survey_round, LUNG_CU, lan, status=ReviewStatus.APPROVED, received_at=LONG_AGO)
    add_response(survey_round, LUNG_CU, lan, status=ReviewStatus.HAS_ISSUES, received_at=LONG_AGO,
                 comment="Thiếu năm sinh của thành viên 2", head_name="Sùng Mí Chá",
                 village="Thôn Séo Lủng", reviewed_at=LONG_AGO + timedelta(days=1))
    add_response(survey_round, LUNG_CU, sinh, status=ReviewStatus.REJECTED, received_at=now)
    add_response(survey_round, MA_LE, sinh, received_at=now - timedelta(days=3))
    add_response(survey_round, MEO_VAC, sinh, status=ReviewStatus.APPROVED, received_at=now)
    add_response(survey_round, MEO_VAC, sinh, received_at=LONG_AGO)
    return lan, sinh


def test_a_surveyor_sees_their_figures_and_the_communes_of_their_district(
        client, login_as, fieldwork):
    lan, _ = fieldwork
    login_as(user=lan)

    html = page(client)

    assert "Khảo sát 2026" in html
    assert figure(html, "my responses today") == 1
    assert figure(html, "my responses in total") == 3
    assert figure(html, "sent back to me to fix") == 1
    # Target, done by everyone (the rejected one left out), mine, progress.
    assert row(html, "Xã Lũng Cú") == ["4", "3", "3", "75%"]
    assert row(html, "Xã Má Lé") == ["10", "1", "0", "10%"]
    assert row(html, "Thị trấn Phó Bảng") == ["0", "0", "0", "no target"]
    assert "Thị trấn Mèo Vạc" not in html  # Mèo Vạc is not Lan's district


def test_a_commune_assignment_shows_that_commune_only(client, login_as, fieldwork, create_user):
    user = create_user(Role.SURVEYOR)
    assign(user, MEO_VAC, level=RegionLevel.COMMUNE)
    login_as(user=user)

    html = page(client)

    assert row(html, "Thị trấn Mèo Vạc") == ["5", "2", "0", "40%"]
    assert html.count('<th scope="row">') == 1


def test_a_response_sent_back_shows_its_comment_to_its_surveyor_only(client, login_as, fieldwork):
    lan, sinh = fieldwork
    login_as(user=lan)
    html = page(client)
    login_as(user=sinh)
    other = page(client)

    assert "Thiếu năm sinh của thành viên 2" in html
    assert "Sùng Mí Chá" in html and "Thôn Séo Lủng" in html
    assert "Thiếu năm sinh của thành viên 2" not in other
    assert "Nothing has been sent back to you." in other


def test_the_supervisor_sees_counts_by_status_and_by_surveyor(
        client, login_as, fieldwork, create_user):
    lan, sinh = fieldwork
    supervisor = create_user(Role.SUPERVISOR)
    assign(supervisor, "026", "027")
    login_as(user=supervisor)

    html = page(client)

    # Waiting for review, approved, has issues, rejected.
    assert row(html, "Đồng Văn") == ["2", "1", "1", "1"]
    assert row(html, "Mèo Vạc") == ["1", "1", "0", "0"]
    # Responses (not rejected), today, sent back.
    assert row(html, "Lò Thị Lan") == ["3", "1", "1"]
    assert row(html, "Giàng Mí Sính") == ["3", "1", "0"]
    assert figure(html, "my responses in total") == 0


def test_a_surveyor_does_not_see_the_supervisors_tables(client, login_as, fieldwork):
    lan, _ = fieldwork
    login_as(user=lan)

    html = page(client)

    assert "Review status by district" not in html and "Surveyors in my districts" not in html


@pytest.mark.parametrize("role", [Role.SURVEYOR, Role.SUPERVISOR])
def test_without_an_area_the_page_says_an_administrator_must_assign_one(
        client, login_as, db, reference_data, role):
    make_round({LUNG_CU: 4})
    login_as(role)

    html = page(client)

    assert "An administrator must assign your districts" in html
    assert "Communes in my areas" not in html


@pytest.mark.parametrize("role", [Role.SURVEYOR, Role.SUPERVISOR])
def test_without_a_round_the_page_says_so(client, login_as, db, role):
    login_as(role)

    html = page(client)

    assert "No survey round has been set up yet." in html
