"""The planner's exports: what each file holds, what the de-identified one leaves out, the
confirmation and audit entry an identified export needs (issue 6), and the XLSX files the
worker prepares: their progress, who may download them, and when they are deleted."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from survey_app.models import (
    AuditEntry,
    Business,
    BusinessNeed,
    BusinessResponse,
    DataExport,
    ExportStatus,
    HouseholdMember,
    HouseholdResponse,
    Invitation,
    Plan,
    Role,
    TradeChoice,
)
from survey_app.models.base import utcnow
from survey_app.services import export_files, plans

DEMO = {"households": 40, "businesses": 6, "seed": 3}
FILE_LINK = re.compile(r'href="(/planning/exports/(\d+)/file)"')


@pytest.fixture
def worker(app):
    """Jobs wait in the queue, as under `make run`, until the test runs the worker's next one
    (``worker.execute(worker.dequeue())``)."""
    huey = app.extensions["huey"]
    huey.immediate = False
    app.config["JOBS_IMMEDIATE"] = False
    return huey


def prepared(client, url: str, data: dict | None = None):
    """Ask for an XLSX file as the page does, and download it from its page once the worker
    (at once in tests) has written it."""
    asked = client.post(url, data=data)
    assert asked.status_code == 303
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    return client.get(FILE_LINK.search(page).group(1))


def download(client, url: str):
    """A de-identified file: a CSV is a link, an XLSX a button."""
    return client.get(url) if url.split("?")[0].endswith(".csv") else prepared(client, url)


def read_csv(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads the Vietnamese as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    # A write-only sheet stores no empty cells, so a row read back ends at its last value.
    return [row + [""] * (len(rows[0]) - len(row)) for row in rows]


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

    households = download(client, f"/planning/exports/households.{fmt}?round={demo_round.id}")
    businesses = download(client, f"/planning/exports/businesses.{fmt}?round={demo_round.id}")

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


def test_the_exports_page_offers_the_course_table_of_each_plan_of_the_round(
        client, login_as, db, demo_round):
    login_as(Role.PLANNER)
    empty = client.get("/planning/exports").get_data(as_text=True)
    assert "Chưa có kế hoạch nào của đợt này." in empty
    db.session.commit()
    plan = plans.request(demo_round, plans.settings({}), user=None)

    html = client.get("/planning/exports").get_data(as_text=True)
    plans_section = html.split('id="plans"')[1].split("</section>")[0]

    csv_link = f"/planning/plans/{plan.id}/courses.csv"
    assert csv_link in plans_section and f"/planning/plans/{plan.id}/courses.xlsx" in plans_section
    table = client.get(csv_link).get_data().decode("utf-8-sig")
    db.session.expire_all()
    rows = list(csv.reader(io.StringIO(table)))
    assert len(rows) == len(db.session.get(Plan, plan.id).result["courses"]) + 1


@pytest.mark.parametrize("url", ["/planning/exports/members.csv",
                                 "/planning/exports/households.pdf",
                                 "/planning/exports/households.xlsx",  # a button: a POST
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
    identified = read_xlsx(prepared(client, f"/planning/exports/identified?round={demo_round.id}",
                                    {"dataset": "households", "fmt": "xlsx", "confirm": "y",
                                     "purpose": "Kiểm tra"}))

    assert "'@SUM(1+1)" in {row[deidentified[0].index("Thôn, bản")] for row in deidentified[1:]}
    head = identified[0].index("Chủ hộ")
    assert '\'=HYPERLINK("http://evil.example","Bấm")' in {row[head] for row in identified[1:]}
    phones = {row[identified[0].index("Điện thoại")] for row in identified[1:]}
    assert not any(str(p).startswith("'") for p in phones)  # a phone's "+84" stays as it is


def test_an_xlsx_export_is_only_queued_by_the_request_and_the_worker_writes_the_csvs_rows(
        client, login_as, db, demo_round, worker, monkeypatch):
    monkeypatch.setattr(export_files, "PROGRESS_ROWS", 7)  # several progress writes mid-read
    login_as(Role.PLANNER)
    url = f"/planning/exports/households.xlsx?round={demo_round.id}"

    asked = client.post(url)

    assert asked.status_code == 303
    export = db.session.scalar(select(DataExport))
    assert export.status == ExportStatus.QUEUED and worker.pending_count() == 1
    waiting = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in waiting and "Đang chờ" in waiting
    assert FILE_LINK.search(waiting) is None

    worker.execute(worker.dequeue())

    ready = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "http-equiv" not in ready and "Đã xong" in ready
    db.session.refresh(export)
    assert export.status == ExportStatus.READY, export.error
    assert re.search(r"Tải về \(\d+ KB\)", ready)
    assert export.rows_written == expected_household_rows(db, demo_round)
    assert export.expires_at - export.created_at == timedelta(days=7)
    assert sorted(p.name for p in export_files.folder().iterdir()) == [f"{export.id}.xlsx"]
    workbook = read_xlsx(client.get(FILE_LINK.search(ready).group(1)))
    csv_rows = read_csv(client.get(url.replace(".xlsx", ".csv")))
    assert [[str(v) for v in row] for row in workbook] == csv_rows
    listed = client.get("/planning/exports").get_data(as_text=True)
    assert f'href="/planning/exports/{export.id}/file"' in listed


def test_an_identified_xlsx_is_audited_when_asked_for_and_downloaded_and_is_its_planners_alone(
        client, login_as, create_user, db, demo_round):
    planner = login_as(Role.PLANNER)
    purpose = "Gọi lại các hộ ở Mèo Vạc"

    file = prepared(client, f"/planning/exports/identified?round={demo_round.id}", {
        "dataset": "businesses", "fmt": "xlsx", "confirm": "y", "purpose": purpose})

    assert file.status_code == 200 and "identified" in file.headers["Content-Disposition"]
    assert "Mã số thuế" in read_xlsx(file)[0]
    export = db.session.scalar(select(DataExport))
    assert export.identified and export.expires_at - export.created_at == timedelta(hours=24)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("export%"))
                                 .order_by(AuditEntry.id)).all()
    assert [(e.action, e.user_id) for e in entries] == [("export.identified", planner.id),
                                                        ("export.download", planner.id)]
    assert entries[0].details == {"dataset": "businesses", "format": "xlsx", "purpose": purpose,
                                  "export": export.id}
    assert (entries[1].object_type, entries[1].object_id) == ("data_export", str(export.id))

    login_as(user=create_user(Role.PLANNER))
    assert client.get(f"/planning/exports/{export.id}").status_code == 404
    assert client.get(f"/planning/exports/{export.id}/file").status_code == 404
    assert f"/planning/exports/{export.id}" not in client.get("/planning/exports").get_data(
        as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "export.download")) == 1


def test_an_expired_file_is_deleted_when_the_exports_are_listed_and_shows_as_expired(
        client, login_as, db, demo_round):
    login_as(Role.PLANNER)
    prepared(client, f"/planning/exports/businesses.xlsx?round={demo_round.id}")
    export = db.session.scalar(select(DataExport))
    file = export_files.path(export)
    assert file.exists()

    db.session.execute(update(DataExport).values(expires_at=utcnow() - timedelta(minutes=1)))
    listed = client.get("/planning/exports").get_data(as_text=True)

    assert not file.exists()
    assert "Đã hết hạn" in listed and f"/planning/exports/{export.id}/file" not in listed
    assert client.get(f"/planning/exports/{export.id}/file").status_code == 404
    assert "Tệp này đã được xoá" in client.get(f"/planning/exports/{export.id}").get_data(
        as_text=True)


def test_a_failure_in_the_worker_marks_the_export_failed_and_says_why(
        client, login_as, db, demo_round, monkeypatch):
    def full_disk(output, *args, **kwargs):
        with open(output, "wb") as half_written:
            half_written.write(b"PK")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_files, "write_xlsx", full_disk)
    login_as(Role.PLANNER)

    asked = client.post(f"/planning/exports/households.xlsx?round={demo_round.id}")
    page = client.get(asked.headers["Location"]).get_data(as_text=True)

    export = db.session.scalar(select(DataExport))
    assert export.status == ExportStatus.FAILED and export.finished_at is not None
    assert "Không tạo được tệp" in page and "No space left on device" in page
    assert "http-equiv" not in page and FILE_LINK.search(page) is None
    assert list(export_files.folder().iterdir()) == []  # the half-written file is gone


def test_a_file_being_written_shows_how_many_rows_are_done(client, login_as, db, demo_round):
    planner = login_as(Role.PLANNER)
    db.session.commit()  # the planner was made in another session: this one's snapshot starts again
    export = DataExport(round_id=demo_round.id, requested_by_id=planner.id, dataset="households",
                        format="xlsx", status=ExportStatus.RUNNING, rows_written=12000,
                        expires_at=utcnow() + timedelta(days=7))
    db.session.add(export)
    db.session.commit()

    page = client.get(f"/planning/exports/{export.id}").get_data(as_text=True)

    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Đang tạo tệp" in page and "12.000" in page
    assert client.get(f"/planning/exports/{export.id}/file").status_code == 404
