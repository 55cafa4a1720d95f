"""The planner's exports: what each file holds, what the de-identified one leaves out, and
the confirmation and audit entry an identified export needs (issue 6)."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from survey_app.models import (
    AuditEntry,
    Business,
    BusinessNeed,
    BusinessResponse,
    HouseholdMember,
    HouseholdResponse,
    Invitation,
    Role,
    TradeChoice,
)

DEMO = {"households": 40, "businesses": 6, "seed": 3}



def read_csv(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads the Vietnamese as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def personal_values(db) -> set[str]:
    """Every name, phone number and tax code the database holds about respondents."""
    values = set()
    for column in (HouseholdResponse.head_name, HouseholdResponse.phone, Business.name,
                   Business.tax_code, BusinessResponse.contact_name, BusinessResponse.contact_phone,
                   Invitation.contact_name, Invitation.contact_phone, Invitation.contact_email):
        values |= {v for v in db.session.scalars(select(column)) if v}
    return values


def expected_household_rows(db, survey_round) -> int:
    """A row per trade choice, per member without choices, per household without members."""
    current = select(HouseholdResponse.id).where(HouseholdResponse.round_id == survey_round.id,
                                                 HouseholdResponse.is_current)
    choices = db.session.scalar(select(func.count()).select_from(TradeChoice).join(HouseholdMember)
                                .where(HouseholdMember.response_id.in_(current)))
    members_without = db.session.scalar(select(func.count()).select_from(HouseholdMember).where(
        HouseholdMember.response_id.in_(current), ~HouseholdMember.choices.any()))
    households_without = db.session.scalar(
        select(func.count()).select_from(HouseholdResponse).where(
            HouseholdResponse.id.in_(current), ~HouseholdResponse.members.any()))
    return choices + members_without + households_without


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_de_identified_exports_hold_every_row_and_no_name_phone_or_tax_code(
        client, login_as, db, demo_round, fmt):
    login_as(Role.PLANNER)
    secrets = personal_values(db)
    assert len(secrets) > 40  # the demo data does hold names, phones and tax codes to leave out

    households = client.get(f"/planning/exports/households.{fmt}?round={demo_round.id}")
    businesses = client.get(f"/planning/exports/businesses.{fmt}?round={demo_round.id}")

    assert households.status_code == businesses.status_code == 200
    read = read_csv if fmt == "csv" else read_xlsx
    household_rows, business_rows = read(households), read(businesses)
    assert len(household_rows) - 1 == expected_household_rows(db, demo_round)
    needs = db.session.scalar(select(func.count()).select_from(BusinessNeed).join(BusinessResponse)
                              .where(BusinessResponse.is_current))
    answered_without_needs = db.session.scalar(select(func.count()).select_from(BusinessResponse)
                                               .where(BusinessResponse.is_current,
                                                      ~BusinessResponse.needs.any()))
    assert len(business_rows) - 1 == needs + answered_without_needs
    # Scanned cell by cell and as one text: no personal value anywhere, whole or inside a cell.
    for table in (household_rows, business_rows):
        text = "\n".join("\t".join(str(v) for v in row) for row in table)
        leaked = sorted(value for value in secrets if value in text)
        assert leaked == []
    assert "Mã số thuế" not in business_rows[0]
    assert "Chủ hộ" not in household_rows[0]


def test_the_household_export_names_trades_and_places_with_their_diacritics(
        client, login_as, db, demo_round):
    login_as(Role.PLANNER)

    rows = read_csv(client.get(f"/planning/exports/households.csv?round={demo_round.id}"))

    header, body = rows[0], rows[1:]
    district, trade = header.index("Huyện/thành phố"), header.index("Nghề")
    assert {row[district] for row in body} <= {
        "Hà Giang", "Đồng Văn", "Mèo Vạc", "Yên Minh", "Quản Bạ", "Vị Xuyên", "Bắc Mê",
        "Hoàng Su Phì", "Xín Mần", "Bắc Quang", "Quang Bình"}
    choice = db.session.scalars(
        select(TradeChoice).where(TradeChoice.trade_id.is_not(None))).first()
    assert choice.trade.name_vi in {row[trade] for row in body}


def test_an_identified_export_needs_the_confirmation_and_a_purpose(
        client, login_as, db, demo_round):
    login_as(Role.PLANNER)

    response = client.post(f"/planning/exports/identified?round={demo_round.id}",
                           data={"dataset": "households", "fmt": "csv", "purpose": ""})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Đánh dấu ô để xác nhận" in html  # the confirmation box, named
    assert "Ghi rõ vì sao cần họ tên và số điện thoại" in html  # the purpose, named
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action.like("export%"))) == 0


def test_a_confirmed_identified_export_holds_the_names_and_leaves_an_audit_entry(
        client, login_as, db, demo_round):
    planner = login_as(Role.PLANNER)
    head = db.session.scalars(select(HouseholdResponse.head_name).where(
        HouseholdResponse.is_current, HouseholdResponse.head_name.is_not(None))).first()

    response = client.post(f"/planning/exports/identified?round={demo_round.id}", data={
        "dataset": "households", "fmt": "csv", "confirm": "y",
        "purpose": "Gọi lại các hộ ở Đồng Văn để hẹn lịch khai giảng"})

    assert response.status_code == 200
    assert "identified" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert "Chủ hộ" in rows[0] and "Điện thoại" in rows[0]
    assert head in {row[rows[0].index("Chủ hộ")] for row in rows[1:]}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.identified"))
    assert entry.user_id == planner.id
    assert entry.object_id == str(demo_round.id)
    assert entry.details == {"dataset": "households", "format": "csv",
                             "purpose": "Gọi lại các hộ ở Đồng Văn để hẹn lịch khai giảng"}


def test_the_exports_page_offers_both_kinds(client, login_as, demo_round):
    login_as(Role.PLANNER)

    html = client.get("/planning/exports").get_data(as_text=True)

    assert f"/planning/exports/households.csv?round={demo_round.id}" in html
    assert f"/planning/exports/businesses.xlsx?round={demo_round.id}" in html
    assert "Xuất dữ liệu có họ tên" in html


@pytest.mark.parametrize("url", ["/planning/exports/members.csv",
                                 "/planning/exports/households.pdf",
                                 "/planning/exports/households.csv?round=9999"])
def test_an_unknown_dataset_format_or_round_is_not_found(client, login_as, demo_round, url):
    login_as(Role.PLANNER)

    assert client.get(url).status_code == 404


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_plain_text(
        client, login_as, db, demo_round):
    response = db.session.scalars(
        select(HouseholdResponse).where(HouseholdResponse.is_current)).first()
    response.head_name = '=HYPERLINK("http://evil.example","Bấm")'
    response.village = "@SUM(1+1)"
    db.session.commit()
    login_as(Role.PLANNER)

    deidentified = read_csv(client.get(f"/planning/exports/households.csv?round={demo_round.id}"))
    identified = read_xlsx(client.post(f"/planning/exports/identified?round={demo_round.id}", data={
        "dataset": "households", "fmt": "xlsx", "confirm": "y", "purpose": "Kiểm tra"}))

    assert "'@SUM(1+1)" in {row[deidentified[0].index("Thôn, bản")] for row in deidentified[1:]}
    head = identified[0].index("Chủ hộ")
    assert '\'=HYPERLINK("http://evil.example","Bấm")' in {row[head] for row in identified[1:]}
    phones = {row[identified[0].index("Điện thoại")] for row in identified[1:]}
    assert not any(str(p).startswith("'") for p in phones)  # a phone's "+84" stays as it is
