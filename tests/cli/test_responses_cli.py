"""`flask responses import`: the same import as the planner's page, from the command line, for
household and business files."""

import pytest
from sqlalchemy import func, select

from survey_app.models import BusinessResponse, HouseholdResponse, Role
from survey_app.services import business_imports
from tests.api.households import field_setting
from tests.services.business_import_data import business_rows
from tests.services.import_data import csv_file, household_rows, xlsx_file


@pytest.fixture
def setting(db, reference_data, create_user):
    return field_setting(create_user)


def stored(db, model=HouseholdResponse) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_stores_the_good_questionnaires_reports_the_bad_rows_and_is_idempotent(
        runner, db, setting, tmp_path):
    _round, surveyor = setting
    path = tmp_path / "phieu.csv"
    path.write_bytes(csv_file(household_rows(1) + household_rows(2, sex="?") + household_rows(3)))

    first = runner.invoke(args=["responses", "import", str(path), "--surveyor", surveyor.username])
    second = runner.invoke(args=["responses", "import", str(path), "--surveyor", surveyor.username])

    assert first.exit_code == 1
    assert "phieu.csv, dòng 4, cột Giới tính:" in first.output
    assert ("Đã đọc 3 phiếu: lưu 2 phiếu, 0 phiếu đã được lưu từ trước, 1 dòng có lỗi."
            in first.output)
    assert "lưu 0 phiếu, 2 phiếu đã được lưu từ trước" in second.output and stored(db) == 2


def test_the_report_speaks_vietnamese_unless_english_is_asked_for(runner, db, setting, tmp_path):
    _round, surveyor = setting
    path = tmp_path / "phieu.csv"
    path.write_bytes(csv_file(household_rows(1, sex="?")))
    command = ["responses", "import", str(path), "--surveyor", surveyor.username]

    vietnamese = runner.invoke(args=command)
    english = runner.invoke(args=[*command, "--language", "en"])

    # The row's message comes from the form's rules, in the language asked for.
    assert ("phieu.csv, dòng 2, cột Giới tính: Thành viên 1: giới tính không nằm trong danh sách "
            "lựa chọn" in vietnamese.output)
    assert "Đã đọc 1 phiếu: lưu 0 phiếu" in vietnamese.output
    assert "phieu.csv, line 2, column Giới tính: Member 1: sex" in english.output
    assert ("1 questionnaires read: 0 stored, 0 already stored before, 1 rows with errors."
            in english.output)


def test_all_or_nothing_and_a_clean_file(runner, db, setting, tmp_path):
    _round, surveyor = setting
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(csv_file(household_rows(1) + household_rows(2, sex="?")))
    good.write_bytes(csv_file(household_rows(1)))

    refused = runner.invoke(args=["responses", "import", str(bad), "--surveyor",
                                  surveyor.username, "--all-or-nothing"])
    accepted = runner.invoke(args=["responses", "import", str(good), "--surveyor",
                                   surveyor.username, "--round", "Khảo sát 2026"])

    assert refused.exit_code == 1 and "Chưa lưu phiếu nào (--all-or-nothing)" in refused.output
    assert accepted.exit_code == 0 and "lưu 1 phiếu" in accepted.output
    assert stored(db) == 1


def test_the_surveyor_must_be_a_surveyor(runner, db, setting, create_user, tmp_path):
    path = tmp_path / "phieu.csv"
    path.write_bytes(csv_file(household_rows(1)))
    planner = create_user(Role.PLANNER)

    result = runner.invoke(args=["responses", "import", str(path), "--surveyor", planner.username])

    assert result.exit_code == 1 and "không phải là điều tra viên" in result.output
    assert stored(db) == 0


def test_a_household_file_needs_its_surveyor(runner, db, setting, tmp_path):
    path = tmp_path / "phieu.csv"
    path.write_bytes(csv_file(household_rows(1)))

    result = runner.invoke(args=["responses", "import", str(path)])

    assert result.exit_code == 1 and "--surveyor" in result.output and stored(db) == 0


def test_a_business_file_is_recognised_and_imported_without_a_surveyor(runner, db, setting,
                                                                       tmp_path):
    path = tmp_path / "doanh-nghiep.xlsx"
    path.write_bytes(xlsx_file(business_rows(1) + business_rows(2, sector="?"),
                               business_imports.LAYOUT))

    first = runner.invoke(args=["responses", "import", str(path)])
    second = runner.invoke(args=["responses", "import", str(path)])

    assert first.exit_code == second.exit_code == 1
    assert "doanh-nghiep.xlsx, dòng 4, cột Ngành kinh tế (VSIC):" in first.output
    assert ("Đã đọc 2 phiếu: lưu 1 phiếu, 0 phiếu đã được lưu từ trước, 1 dòng có lỗi."
            in first.output)
    assert "lưu 0 phiếu, 1 phiếu đã được lưu từ trước" in second.output
    assert stored(db, BusinessResponse) == 1 and stored(db) == 0
