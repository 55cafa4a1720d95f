"""Importing household questionnaires keyed from paper: the same rules as the form, every bad
row reported by line and column, idempotent through the questionnaire id (issue 6)."""

import io

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import func, select

from survey_app.models import (
    AuditEntry,
    HouseholdMember,
    HouseholdResponse,
    TradeChoice,
    User,
)
from survey_app.services import household_imports, imports
from survey_app.services.upload_files import UploadError
from tests.api.households import field_setting
from tests.services.import_data import csv_file, household_rows, xlsx_file


@pytest.fixture
def setting(app, db, reference_data, create_user):
    with app.test_request_context():
        survey_round, surveyor = field_setting(create_user)
        # create_user hands back a detached user; the import reads its area.
        yield survey_round, db.session.get(User, surveyor.id)


def run(setting, data: bytes, *, name="phieu.csv", all_or_nothing=False):
    survey_round, surveyor = setting
    with force_locale("vi"):
        return household_imports.import_file(name, data, survey_round=survey_round,
                                             surveyor=surveyor, actor=None,
                                             all_or_nothing=all_or_nothing)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# (row index in the file's body, field, bad value, the column the report must name)
BAD_CELLS = [
    (3, "birth_year", "năm 90", "Năm sinh"),
    (120, "sex", "Không rõ", "Giới tính"),
    (200, "commune_code", "99999", "Mã xã"),
    (311, "trade1", "ZZ99", "Nghề 1"),
    (402, "consent", "Không", "Đồng ý phỏng vấn"),
    (517, "education", "", "Học vấn"),
    (640, "started_at", "hôm qua", "Bắt đầu phỏng vấn"),
    (754, "phone", "12345", "Số điện thoại"),
    (871, "work_away", "có lẽ", "Đi làm xa"),
    (999, "max_duration_months", "99", "Học tối đa (tháng)"),
]


def test_a_thousand_rows_with_ten_bad_ones_reports_those_ten_and_a_second_import_adds_nothing(
        db, setting):
    rows = [row for number in range(1, 501) for row in household_rows(number)]
    for index, name, value, _column in BAD_CELLS:
        rows[index][name] = value
    data = csv_file(rows)
    assert len(rows) == 1000

    first = run(setting, data)
    db.session.commit()

    # The header is line 1, so the body's row i is line i + 2.
    reported = sorted((e.line, e.column) for e in first.errors)
    assert reported == [(index + 2, column) for index, _name, _value, column in BAD_CELLS]
    assert first.questionnaires == 500
    assert first.stored == 490 == count(db, HouseholdResponse)
    assert count(db, HouseholdMember) == 980
    with force_locale("vi"):
        messages = {e.line: e.message for e in first.errors}
    assert "Thành viên" in messages[5] and "năm sinh" in messages[5].lower()

    second = run(setting, data)
    db.session.commit()

    assert (second.stored, second.already_stored) == (0, 490)
    assert sorted((e.line, e.column) for e in second.errors) == reported
    assert count(db, HouseholdResponse) == 490 and count(db, HouseholdMember) == 980


def test_all_or_nothing_stores_nothing_when_one_row_is_wrong(db, setting):
    rows = household_rows(1) + household_rows(2, birth_year="1800")

    result = run(setting, csv_file(rows), all_or_nothing=True)
    db.session.commit()

    assert result.discarded and result.stored == 0
    assert [(e.line, e.column) for e in result.errors] == [(4, "Năm sinh")]
    assert count(db, HouseholdResponse) == 0
    assert not db.session.scalar(select(AuditEntry).where(AuditEntry.action == "response.import"))


def test_a_questionnaire_becomes_one_response_with_its_members_labels_and_trades(db, setting):
    result = run(setting, xlsx_file(household_rows(7, members=3)), name="phieu.xlsx")
    db.session.commit()

    assert (result.stored, result.errors) == (1, [])
    response = db.session.scalar(select(HouseholdResponse))
    assert (response.head_name, response.commune.code, response.poverty_status.value,
            response.main_livelihood) == ("Giàng Mí Sính 7", "00715", "poor", "crops")
    assert response.payload["started_at"] == "2026-10-02T08:15:00+07:00"
    assert [m.sex.value for m in response.members] == ["female", "male", "female"]
    first = response.members[0]
    assert (first.education, first.study_place.value, first.poor_household,
            first.can_board) == ("lower_secondary", "commune", True, False)
    choices = db.session.scalars(select(TradeChoice).where(TradeChoice.member_id == first.id)
                                 .order_by(TradeChoice.rank)).all()
    assert [c.trade.code if c.trade else c.other_text for c in choices] == [
        "DL01", "NN02", "Làm bánh tam giác mạch"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "response.import"))
    assert (entry.action, entry.actor, entry.details["stored"]) == ("response.import", "cli", 1)


def test_the_same_questionnaire_id_with_other_answers_is_reported_not_overwritten(db, setting):
    run(setting, csv_file(household_rows(1)))
    db.session.commit()

    result = run(setting, csv_file(household_rows(1, head_name="Lò Văn Khác")))

    assert result.stored == 0
    assert [(e.line, e.column) for e in result.errors] == [(2, "Mã phiếu")]
    db.session.commit()
    assert db.session.scalar(select(HouseholdResponse.head_name)) == "Giàng Mí Sính 1"


def test_a_commune_outside_the_surveyors_area_is_refused(db, setting):
    # 00769 is Mèo Vạc district's, the surveyor works in Đồng Văn.
    result = run(setting, csv_file(household_rows(1, commune_code="00769")))

    assert [(e.line, e.column) for e in result.errors] == [(2, "Mã xã")]
    assert result.stored == 0


def test_rows_without_a_questionnaire_id_and_the_example_are_reported(db, setting):
    rows = household_rows(1)
    rows[1]["instance_id"] = ""
    result = run(setting, csv_file(rows + household_rows(2, instance_id=imports.EXAMPLE_ID)))

    assert sorted((e.line, e.column) for e in result.errors) == [(3, "Mã phiếu"),
                                                                 (4, "Mã phiếu"),
                                                                 (5, "Mã phiếu")]


def test_a_file_without_a_required_column_names_it(db, setting):
    data = csv_file(household_rows(1)).replace("Năm sinh *".encode(), b"Tuoi")

    with pytest.raises(UploadError) as raised, force_locale("vi"):
        run(setting, data)
    with force_locale("vi"):
        assert "Năm sinh" in str(raised.value.message)


@pytest.mark.parametrize("name", ["phieu.csv", "phieu.xlsx"])
def test_a_file_with_headers_and_no_row_is_refused_not_reported_as_imported(db, setting, name):
    header_only = (csv_file if name.endswith(".csv") else xlsx_file)([])

    with pytest.raises(UploadError) as raised, force_locale("vi"):
        run(setting, header_only, name=name)
    with force_locale("vi"):
        assert str(raised.value.message) == (
            "Tệp chỉ có dòng tiêu đề, không có phiếu nào bên dưới: chưa nhập gì.")
    assert count(db, HouseholdResponse) == 0
    assert count(db, AuditEntry) == 0


def test_the_template_holds_vietnamese_headers_and_an_example_the_rules_accept(db, setting):
    sheet = load_workbook(io.BytesIO(imports.template_xlsx(household_imports.LAYOUT))).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Mã phiếu *", "Mã xã *", "Thôn/bản"]
    # The example, given a real questionnaire number, is a valid questionnaire.
    for row in rows[1:]:
        row[0] = "HG-0001"
    examples = [dict(zip(household_imports.LAYOUT.headers, row, strict=True)) for row in rows[1:]]

    result = run(setting, xlsx_file(examples), name="mau.xlsx")

    assert (result.stored, result.errors) == (1, [])
    assert count(db, HouseholdMember) == 2
