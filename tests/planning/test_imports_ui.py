"""The planner's import page: the templates, the upload of household or business
questionnaires, the report of bad rows (issue 6)."""

import csv
import io

import pytest
from sqlalchemy import func, select

from survey_app.models import BusinessResponse, HouseholdResponse, Role
from survey_app.services import business_imports
from tests.api.households import field_setting
from tests.services.business_import_data import business_rows
from tests.services.import_data import csv_file, household_rows, xlsx_file

URL = "/planning/imports"


@pytest.fixture
def setting(db, reference_data, create_user):
    return field_setting(create_user)


def upload(client, data: bytes, surveyor=None, *, name="phieu.csv", mode="good_rows",
           kind="households"):
    return client.post(URL, data={"file": (io.BytesIO(data), name), "mode": mode, "kind": kind,
                                  "surveyor": surveyor.username if surveyor else ""},
                       content_type="multipart/form-data")


def stored(db, model=HouseholdResponse) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def template(client, kind: str) -> list[list[str]]:
    response = client.get(f"{URL}/{kind}/template.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_the_planner_gets_both_templates_in_both_formats(client, login_as):
    login_as(Role.PLANNER)

    page = client.get(URL).get_data(as_text=True)
    header, *examples = template(client, "households")
    business_header, *business_examples = template(client, "businesses")
    as_xlsx = client.get(f"{URL}/businesses/template.xlsx")

    assert f"{URL}/households/template.xlsx" in page and f"{URL}/businesses/template.csv" in page
    assert header[:2] == ["Mã phiếu *", "Mã xã *"] and "Nghề 1 *" in header
    assert len(examples) == 2 and examples[0][header.index("Họ tên chủ hộ *")] == "Giàng Mí Sính"
    assert business_header[:3] == ["Mã phiếu *", "Tên doanh nghiệp *", "Mã số thuế *"]
    assert business_examples[0][business_header.index("Nghề cần tuyển")] == "DL01"
    assert as_xlsx.status_code == 200 and as_xlsx.data[:2] == b"PK"
    assert as_xlsx.headers["Content-Disposition"].endswith(
        "business-questionnaires-template.xlsx")
    assert client.get(f"{URL}/shops/template.csv").status_code == 404


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
    no_surveyor = upload(client, csv_file(household_rows(1)))

    assert wrong.status_code == no_surveyor.status_code == 400
    assert "Hãy tải lên tệp .xlsx hoặc .csv" in wrong.get_data(as_text=True)
    # Named on the surveyor field itself: required for households only.
    assert '<p class="error" id="surveyor-error">Chọn điều tra viên.' in \
        no_surveyor.get_data(as_text=True)
    assert stored(db) == 0


def test_business_questionnaires_need_no_surveyor_and_are_reported_by_row(client, db, login_as,
                                                                          setting):
    login_as(Role.PLANNER)
    rows = business_rows(1) + business_rows(2, tax_code="123")
    data = csv_file(rows, business_imports.LAYOUT)

    response = upload(client, data, kind="businesses")
    again = upload(client, data, kind="businesses")
    refused = upload(client, csv_file(business_rows(3) + business_rows(4, workers="0"),
                                      business_imports.LAYOUT),
                     kind="businesses", mode="all_or_nothing")

    page = response.get_data(as_text=True)
    assert response.status_code == again.status_code == 200
    assert "Mã số thuế" in page and "<td class=\"num\">4</td>" in page
    assert refused.status_code == 400 and "Số lao động" in refused.get_data(as_text=True)
    assert stored(db, BusinessResponse) == 1 and stored(db) == 0


def test_surveyors_cannot_import(client, login_as, setting):
    _round, surveyor = setting
    login_as(user=surveyor)

    assert client.get(URL).status_code == 403
    assert upload(client, csv_file(household_rows(1)), surveyor).status_code == 403
