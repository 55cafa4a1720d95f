"""The invitation list, its counts and the follow-up export agree with the database."""

import csv
import html as html_lib
import io
import re
from collections import Counter
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.models import (
    AuditEntry,
    Business,
    Invitation,
    InvitationStatus,
    Region,
    Role,
    RoundStatus,
    User,
)
from survey_app.services import invitations
from survey_app.text import matches
from tests.services.invitation_data import row
from tests.services.progress_data import make_round

STATUS_OF_LABEL = {"Chưa mở": InvitationStatus.NOT_OPENED, "Đã mở": InvitationStatus.OPENED,
                   "Đang điền": InvitationStatus.IN_PROGRESS,
                   "Đã gửi": InvitationStatus.SUBMITTED, "Đã thu hồi": InvitationStatus.REVOKED}
STATUSES = list(InvitationStatus)
NOT_SUBMITTED = {InvitationStatus.NOT_OPENED, InvitationStatus.OPENED,
                 InvitationStatus.IN_PROGRESS}


@pytest.fixture
def round_of_73(app, client, login_as, db, reference_data):
    """73 invitations over two districts and every status, and one of last year's round."""
    planner = login_as(Role.PLANNER)
    client.post("/language/vi")
    survey_round = make_round()
    other_round = make_round(name="Khảo sát 2025", opens_on=date(2025, 3, 3),
                             closes_on=date(2025, 9, 30))
    lines = [(n, row(n) if n % 3 else row(n, district="Mèo Vạc", commune=None))
             for n in range(1, 74)]
    with app.test_request_context():
        actor = db.session.get(User, planner.id)
        created = invitations.create_many(actor, survey_round, lines, all_or_nothing=True)
        invitations.create_one(actor, other_round, row(100))
    other_round.status = RoundStatus.CLOSED
    for n, issued in enumerate(created.created):
        issued.invitation.status = STATUSES[n % len(STATUSES)]
    db.session.commit()
    return survey_round


def list_rows(client, url: str) -> list[tuple[int, str, InvitationStatus]]:
    """(id, business, status) of every row of the list, following its pages."""
    rows = []
    while url:
        html = client.get(url).get_data(as_text=True)
        body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            invitation_id = int(re.search(r'name="selected" value="(\d+)"', tr).group(1))
            name = re.search(r'<a href="/planning/invitations/\d+">(.*?)</a>', tr).group(1)
            label = re.search(r'<span class="badge">(.*?)</span>', tr).group(1)
            rows.append((invitation_id, html_lib.unescape(name), STATUS_OF_LABEL[label]))
        following = re.search(r'<a class="button" href="([^"]+)" rel="next">', html)
        url = html_lib.unescape(following.group(1)) if following else None
    return rows


def database_rows(db, survey_round, *, statuses=None, district=None, search=None):
    query = (select(Invitation, Business).join(Invitation.business)
             .where(Invitation.round_id == survey_round.id)
             .order_by(Business.name, Invitation.id))
    found = [(i, b) for i, b in db.session.execute(query).all()
             if (statuses is None or i.status in statuses)
             and (district is None or b.district.name_vi == district)
             and (search is None or matches(search, b.name, b.tax_code))]
    return found


def test_the_list_and_its_counts_show_every_invitation_of_the_round(client, db, round_of_73):
    html = client.get("/planning/invitations/").get_data(as_text=True)

    expected = Counter(i.status for i, _b in database_rows(db, round_of_73))
    shown = {STATUS_OF_LABEL[label]: int(value) for value, label in re.findall(
        r'<span class="value">(\d+)</span> <span class="label">(.*?)</span>', html)}
    assert shown == expected and sum(shown.values()) == 73
    assert list_rows(client, "/planning/invitations/") == [
        (i.id, b.name, i.status) for i, b in database_rows(db, round_of_73)]


def test_filters_stay_in_the_url_across_pages_and_match_the_database(client, db, round_of_73):
    district_id = db.session.scalar(select(Region.id).where(Region.name_vi == "Đồng Văn"))
    url = f"/planning/invitations/?status=opened&district={district_id}&q=so+1"

    assert list_rows(client, url) == [
        (i.id, b.name, i.status) for i, b in database_rows(
            db, round_of_73, statuses={InvitationStatus.OPENED}, district="Đồng Văn",
            search="so 1")]
    # 73 match "cong ty": the second page is reached through a link that keeps the filter.
    html = client.get("/planning/invitations/?q=cong+ty").get_data(as_text=True)
    next_link = html_lib.unescape(re.search(r'href="([^"]+)" rel="next"', html).group(1))
    assert "q=cong+ty" in next_link and "page=2" in next_link
    assert len(list_rows(client, "/planning/invitations/?q=cong+ty")) == 73


def test_a_filter_value_that_names_nothing_is_ignored(client, db, round_of_73):
    response = client.get("/planning/invitations/?status=lost&district=abc&page=x")
    assert response.status_code == 200
    assert len(list_rows(client, "/planning/invitations/?status=lost")) == 73


def expected_export(db, survey_round, **filters) -> list[list[str]]:
    labels = {status: label for label, status in STATUS_OF_LABEL.items()}
    return [[b.name, b.tax_code, b.district.name_vi, b.commune.name_vi if b.commune else "",
             i.contact_name, i.contact_phone, i.contact_email, labels[i.status]]
            for i, b in database_rows(db, survey_round, statuses=NOT_SUBMITTED, **filters)]


def test_the_follow_up_export_holds_exactly_those_not_yet_submitted(client, db, round_of_73):
    csv_response = client.get("/planning/invitations/export?format=csv")
    xlsx_response = client.get("/planning/invitations/export?format=xlsx")

    from_csv = list(csv.reader(io.StringIO(csv_response.data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(xlsx_response.data)).worksheets[0]
    from_xlsx = [[c or "" for c in r] for r in sheet.iter_rows(values_only=True)]
    expected = expected_export(db, round_of_73)
    assert len(expected) == 45  # 3 of the 5 statuses, none of the other round
    for table in (from_csv, from_xlsx):
        assert table[0][:3] == ["Doanh nghiệp", "Mã số thuế", "Huyện/thành phố"]
        assert [r[:8] for r in table[1:]] == expected
    assert csv_response.headers["Content-Disposition"].startswith("attachment;")
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "invitation.export")).all()
    assert [(e.details["rows"], e.details["format"]) for e in entries] == [(45, "csv"),
                                                                           (45, "xlsx")]


def test_the_export_follows_the_lists_filters(client, db, round_of_73):
    district_id = db.session.scalar(select(Region.id).where(Region.name_vi == "Mèo Vạc"))
    response = client.get(f"/planning/invitations/export?format=csv&district={district_id}"
                          "&status=in_progress")

    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    expected = [r for r in expected_export(db, round_of_73, district="Mèo Vạc")
                if r[7] == "Đang điền"]
    assert expected and [r[:8] for r in table[1:]] == expected
    # Submitted ones are never in the follow-up export, even when filtered for.
    response = client.get("/planning/invitations/export?format=csv&status=submitted")
    assert len(list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))) == 1


def test_a_name_that_looks_like_a_formula_is_exported_as_text(client, db, round_of_73):
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.status == InvitationStatus.NOT_OPENED))
    invitation.business.name = "=HYPERLINK(\"http://example.com\")"
    db.session.commit()

    text = client.get("/planning/invitations/export?format=csv").data.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(client.get(
        "/planning/invitations/export?format=xlsx").data)).worksheets[0]
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    assert [c.data_type for c in sheet["A"] if "HYPERLINK" in str(c.value)] == ["s"]
