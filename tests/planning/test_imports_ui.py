"""The planner's import page: the template, the upload, the report of bad rows (issue 6)."""

import csv
import io

import pytest
from sqlalchemy import func, select

from survey_app.models import HouseholdResponse, Role
from tests.api.households import field_setting
from tests.services.import_data import csv_file, household_rows, xlsx_file

URL = "/planning/imports"


@pytest.fixture
def setting(db, reference_data, create_user):
    return field_setting(create_user)


def upload(client, data: bytes, surveyor, *, name="phieu.csv", mode="good_rows"):
    return client.post(URL, data={"file": (io.BytesIO(data), name), "mode": mode,
                                  "surveyor": surveyor.username},
                       content_type="multipart/form-data")


def stored(db) -> int:
    return db.session.scalar(select(func.count()).select_from(HouseholdResponse))


def test_the_planner_gets_the_template_in_both_formats(client, login_as):
    login_as(Role.PLANNER)

    page = client.get(URL)
    as_csv = client.get(f"{URL}/template.csv")
    as_xlsx = client.get(f"{URL}/template.xlsx")

    assert page.status_code == as_csv.status_code == as_xlsx.status_code == 200
    header, *examples = list(csv.reader(io.StringIO(as_csv.get_data().decode("utf-8-sig"))))
    assert header[:2] == ["Mã phiếu *", "Mã xã *"] and "Nghề 1 *" in header
    assert len(examples) == 2 and examples[0][header.index("Họ tên chủ hộ *")] == "Giàng Mí Sính"
    assert as_xlsx.data[:2] == b"PK"


def test_an_upload_stores_the_good_questionnaires_and_lists_each_bad_row(client, db, login_as,
                                                                       setting):
    _round, surveyor = setting
    login_as(Role.PLANNER)
    rows = household_rows(1) + household_rows(2, phone="123") + household_rows(3)

    response = upload(client, xlsx_file(rows), surveyor, name="phieu.xlsx")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Số điện thoại" in page and "<td class=\"num\">4</td>" in page
    assert stored(db) == 2
    again = upload(client, xlsx_file(rows), surveyor, name="phieu.xlsx")
    assert again.status_code == 200 and stored(db) == 2


def test_all_or_nothing_stores_nothing_and_says_so(client, db, login_as, setting):
    _round, surveyor = setting
    login_as(Role.PLANNER)
    rows = household_rows(1) + household_rows(2, birth_year="1700")

    response = upload(client, csv_file(rows), surveyor, mode="all_or_nothing")

    assert response.status_code == 400
    assert "Năm sinh" in response.get_data(as_text=True)
    assert stored(db) == 0


def test_a_wrong_file_or_no_surveyor_is_named_on_the_form(client, db, login_as, setting):
    _round, surveyor = setting
    login_as(Role.PLANNER)

    wrong = upload(client, b"hello", surveyor, name="phieu.pdf")
    no_surveyor = client.post(URL, data={"file": (io.BytesIO(csv_file(household_rows(1))),
                                                  "phieu.csv"), "mode": "good_rows"},
                              content_type="multipart/form-data")

    assert wrong.status_code == no_surveyor.status_code == 400
    assert "Hãy tải lên tệp .xlsx hoặc .csv" in wrong.get_data(as_text=True)
    assert "Chọn điều tra viên" in no_surveyor.get_data(as_text=True)
    assert stored(db) == 0


def test_surveyors_cannot_import(client, login_as, setting):
    _round, surveyor = setting
    login_as(user=surveyor)

    assert client.get(URL).status_code == 403
    assert upload(client, csv_file(household_rows(1)), surveyor).status_code == 403
