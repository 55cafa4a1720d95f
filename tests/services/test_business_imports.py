"""Importing employer questionnaires keyed from paper: the online form's rules, every bad row
reported by line and column, idempotent through the questionnaire id, one answer per business
and round (issue 6)."""

import io

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import func, select

from survey_app.business.fields import answer_from_form
from survey_app.models import (
    AuditEntry,
    Business,
    BusinessNeed,
    BusinessResponse,
    InvitationStatus,
    Role,
    User,
)
from survey_app.services import (
    business_imports,
    business_responses,
    exports,
    imports,
    invitations,
    plan_inputs,
)
from survey_app.services.upload_files import UploadError
from tests.business.data import TAX_A, answers, invite
from tests.services.business_import_data import business_rows
from tests.services.import_data import csv_file, xlsx_file
from tests.services.invitation_data import row as invitation_row
from tests.services.invitation_data import tax_code
from tests.services.progress_data import make_round

LAYOUT = business_imports.LAYOUT
# (row index in the file's body, field, bad value, the column the report must name); even
# rows are a questionnaire's first, odd ones its second need.
BAD_CELLS = [
    (4, "tax_code", "5100", "Mã số thuế"),
    (100, "sector", "Z", "Ngành kinh tế (VSIC)"),
    (201, "workers", "nhiều", "Số lao động"),
    (310, "commune_code", "99999", "Mã xã"),
    (415, "level", "Đại học", "Trình độ"),
    (522, "size_band", "Rất lớn", "Quy mô"),
    (633, "trade", "ZZ99", "Nghề cần tuyển"),
    (748, "quarter", "5", "Quý tuyển"),
    (857, "wage_offered_vnd", "bảy triệu", "Lương tháng (đồng)"),
    (999, "kind", "có lẽ", "Tuyển ngay hay dự kiến"),
]


@pytest.fixture(scope="module")
def thousand_rows() -> dict[str, bytes]:
    """500 questionnaires of two needs each, ten cells wrong; built once, as CSV and XLSX."""
    rows = [row for number in range(1, 501) for row in business_rows(number)]
    for index, name, value, _column in BAD_CELLS:
        rows[index][name] = value
    assert len(rows) == 1000
    return {"csv": csv_file(rows, LAYOUT), "xlsx": xlsx_file(rows, LAYOUT)}


@pytest.fixture
def survey_round(app, db, reference_data):
    with app.test_request_context():
        yield make_round()


def run(survey_round, data: bytes, *, name="phieu.csv", all_or_nothing=False):
    with force_locale("vi"):
        return business_imports.import_file(name, data, survey_round=survey_round, actor=None,
                                            all_or_nothing=all_or_nothing)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def reported(result) -> list[tuple[int, str]]:
    return sorted((e.line, e.column) for e in result.errors)


# The header is line 1, so the body's row i is line i + 2.
EXPECTED = [(index + 2, column) for index, _name, _value, column in BAD_CELLS]


def test_a_thousand_rows_with_ten_bad_ones_reports_those_ten_and_a_second_import_adds_nothing(
        db, survey_round, thousand_rows):
    first = run(survey_round, thousand_rows["csv"])
    db.session.commit()

    assert reported(first) == EXPECTED
    assert first.questionnaires == 500
    assert first.stored == 490 == count(db, BusinessResponse) == count(db, Business)
    assert count(db, BusinessNeed) == 980
    messages = {e.line: e.message for e in first.errors}
    assert messages[203].startswith("Nhu cầu 2:") and "số lao động" in messages[203]

    second = run(survey_round, thousand_rows["csv"])
    db.session.commit()

    assert (second.stored, second.already_stored) == (0, 490)
    assert reported(second) == EXPECTED
    assert count(db, BusinessResponse) == 490 and count(db, BusinessNeed) == 980


def test_all_or_nothing_reports_the_same_ten_rows_of_a_workbook_and_stores_nothing(
        db, survey_round, thousand_rows):
    result = run(survey_round, thousand_rows["xlsx"], name="phieu.xlsx", all_or_nothing=True)
    db.session.commit()

    assert reported(result) == EXPECTED
    assert result.discarded and result.stored == 0
    assert count(db, BusinessResponse) == count(db, Business) == 0
    assert not db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "business_response.import"))


def test_a_questionnaire_becomes_one_submitted_answer_with_its_needs(db, survey_round):
    # English labels and codes are read as well as the form's Vietnamese labels.
    rows = business_rows(1, needs=3, sector="C", size_band="small", ownership="Cooperative",
                         quarter="Quarter 3 (July to September)", co_fund="Không")

    result = run(survey_round, xlsx_file(rows, LAYOUT), name="phieu.xlsx")
    db.session.commit()

    assert (result.stored, result.errors) == (1, [])
    response = db.session.scalar(select(BusinessResponse))
    assert (response.business.name, response.business.tax_code, response.business.sector,
            response.business.size_band, response.business.ownership,
            response.business.district.code) == (
        "Công ty TNHH Chè Lũng Cú 1", tax_code(1), "C", "small", "cooperative", "026")
    assert response.submitted and response.is_current and response.invitation is None
    assert (response.take_apprentices, response.commit_to_hire, response.co_fund) == (
        True, True, False)
    assert response.instance_id == str(imports.instance_id("DN-0001"))
    assert [(n.kind.value, n.trade.code if n.trade else n.other_text, n.workers, n.level.value,
             n.quarter, n.wage_offered_vnd) for n in response.needs] == [
        ("vacancy", "DL01", 3, "so_cap", 3, 7_500_000),
        ("plan", "Sao chè thủ công", 5, "thuong_xuyen", None, None),
        ("vacancy", "DL01", 3, "so_cap", 2, 7_500_000)]
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "business_response.import"))
    assert (entry.actor, entry.details["stored"], entry.details["rows"]) == ("cli", 1, 3)


def test_a_business_without_needs_says_so_or_is_told_to(db, survey_round):
    rows = business_rows(1, needs=0) + business_rows(2, needs=0, no_needs="")

    result = run(survey_round, csv_file(rows, LAYOUT))

    assert result.stored == 1
    assert reported(result) == [(3, "Không có nhu cầu tuyển")]


def test_a_number_too_large_is_told_its_range_as_on_the_form(db, survey_round):
    rows = business_rows(1, workers="100000000000000000000")

    [error] = run(survey_round, csv_file(rows, LAYOUT)).errors

    assert (error.column, error.message) == (
        "Số lao động", "Nhu cầu 1: số lao động phải từ 1 đến 10.000")


def test_an_imported_need_reaches_the_plan_inputs_and_the_export(db, survey_round):
    run(survey_round, csv_file(business_rows(1), LAYOUT))
    db.session.commit()

    jobs = plan_inputs.jobs(survey_round)
    assert jobs[["district", "trade", "workers", "take_apprentices"]].values.tolist() == [
        ["026", "DL01", 3, True]]
    exported = list(exports.rows(exports.DATASETS["businesses"], survey_round, identified=True))
    assert len(exported) == 2 and all(tax_code(1) in row for row in exported)


def test_a_business_that_answered_online_or_in_another_questionnaire_keeps_its_answer(
        db, survey_round):
    invitation, _token = invite(survey_round, tax_code=TAX_A)
    business_responses.save(invitation, answer_from_form(answers())[0], submit=True, ip=None)
    run(survey_round, csv_file(business_rows(1), LAYOUT))
    db.session.commit()

    result = run(survey_round, csv_file(business_rows(7, tax_code=TAX_A)
                                        + business_rows(8, tax_code=tax_code(1)), LAYOUT))

    assert result.stored == 0
    assert reported(result) == [(2, "Mã số thuế"), (4, "Mã số thuế")]
    with force_locale("vi"):
        assert result.errors[0].message == str(business_imports.ANSWERED)
    db.session.commit()
    assert count(db, BusinessResponse) == 2
    assert db.session.scalar(select(Business.name).where(Business.tax_code == TAX_A)) == \
        "Công ty TNHH Chè Shan Tuyết Lũng Cú"


def test_a_draft_begun_online_gives_way_to_the_paper_questionnaire_and_is_kept_as_a_version(
        db, survey_round):
    invitation, _token = invite(survey_round, tax_code=TAX_A)
    business_responses.save(invitation, answer_from_form(answers(sector=""))[0], submit=False,
                            ip=None)
    db.session.commit()

    result = run(survey_round, csv_file(business_rows(7, tax_code=TAX_A), LAYOUT))
    db.session.commit()

    assert result.stored == 1 and result.errors == []
    versions = db.session.scalars(select(BusinessResponse)
                                  .order_by(BusinessResponse.version)).all()
    assert [(v.version, v.is_current, v.submitted, v.invitation_id) for v in versions] == [
        (1, False, False, invitation.id), (2, True, True, invitation.id)]
    assert versions[1].instance_id == str(imports.instance_id("DN-0007"))
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.SUBMITTED


def test_an_invited_business_is_linked_to_its_invitation_which_is_marked_submitted(
        db, survey_round):
    invitation, _token = invite(survey_round, name="Tên cũ", tax_code=tax_code(1))
    revoked, _token = invite(survey_round, tax_code=tax_code(2), revoked=True)

    result = run(survey_round, csv_file(business_rows(1) + business_rows(2), LAYOUT))
    db.session.commit()

    assert result.stored == 2 and count(db, Business) == 2
    linked = {r.business.tax_code: r.invitation_id for r in
              db.session.scalars(select(BusinessResponse))}
    assert linked == {tax_code(1): invitation.id, tax_code(2): None}
    db.session.refresh(invitation)
    db.session.refresh(revoked)
    assert invitation.status == InvitationStatus.SUBMITTED and invitation.opened_at is not None
    assert invitation.business.name == "Công ty TNHH Chè Lũng Cú 1"
    assert revoked.status == InvitationStatus.NOT_OPENED


def test_the_same_questionnaire_id_with_other_answers_is_reported_not_overwritten(
        db, survey_round):
    run(survey_round, csv_file(business_rows(1), LAYOUT))
    db.session.commit()

    result = run(survey_round, csv_file(business_rows(1, workers="9"), LAYOUT))

    assert result.stored == 0 and reported(result) == [(2, "Mã phiếu")]
    db.session.commit()
    assert db.session.scalar(select(BusinessNeed.workers).where(BusinessNeed.position == 1)) == 3


def test_the_template_is_a_valid_questionnaire_once_its_example_number_is_replaced(
        db, survey_round):
    sheet = load_workbook(io.BytesIO(imports.template_xlsx(LAYOUT))).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Mã phiếu *", "Tên doanh nghiệp *", "Mã số thuế *"]
    examples = [dict(zip(LAYOUT.headers, row, strict=True)) for row in rows[1:]]

    as_is = run(survey_round, xlsx_file(examples, LAYOUT), name="mau.xlsx")
    assert reported(as_is) == [(2, "Mã phiếu"), (3, "Mã phiếu")] and as_is.stored == 0

    for example in examples:
        example["instance_id"] = "DN-0001"
    result = run(survey_round, xlsx_file(examples, LAYOUT), name="mau.xlsx")

    assert (result.stored, result.errors) == (1, [])
    assert count(db, BusinessNeed) == 2


def test_a_file_is_told_apart_by_its_tax_code_column(db, survey_round):
    business_file = csv_file(business_rows(1), LAYOUT)
    household_file = csv_file([{"instance_id": "HG-0001"}])

    assert business_imports.is_business_file("phieu.csv", business_file)
    assert not business_imports.is_business_file("phieu.csv", household_file)
    with pytest.raises(UploadError) as raised, force_locale("vi"):
        run(survey_round, household_file)
    with force_locale("vi"):
        assert "Mã số thuế" in str(raised.value.message)


def test_a_business_invited_after_its_import_finds_its_answers_and_changes_them(
        client, db, survey_round, create_user):
    run(survey_round, csv_file(business_rows(1), LAYOUT))
    db.session.commit()  # before another session adds the planner
    planner = db.session.get(User, create_user(Role.PLANNER).id)
    issued = invitations.create_one(planner, survey_round, invitation_row(1))
    db.session.commit()
    # Not chased in the follow-up list: its answer is in.
    assert issued.invitation.status == InvitationStatus.SUBMITTED

    page = client.get(f"/b/{issued.token}").get_data(as_text=True)
    assert "Vận hành máy sao chè" in page
    changed = client.post(f"/b/{issued.token}", data=answers(tax_code=tax_code(1),
                                                             skills_lacking="Đọc bản vẽ"))
    assert changed.status_code == 302

    versions = db.session.scalars(select(BusinessResponse)
                                  .order_by(BusinessResponse.version)).all()
    assert [(v.version, v.is_current, v.payload["skills_lacking"]) for v in versions] == [
        (1, False, "Vận hành máy sao chè"), (2, True, "Đọc bản vẽ")]
