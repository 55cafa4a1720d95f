"""The household form without JavaScript: a plain POST goes through the same rules and store."""

import re

import pytest
from sqlalchemy import func, select

from survey_app.models import HouseholdResponse, Role
from tests.region_order import DONG_VAN, option_groups
from tests.services.progress_data import LUNG_CU, MEO_VAC, assign, make_round


@pytest.fixture
def surveyor(db, reference_data, login_as):
    user = login_as(Role.SURVEYOR)
    assign(user, "026")  # Đồng Văn
    make_round({LUNG_CU: 10})
    return user


def page(client) -> str:
    response = client.get("/survey/new")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def good_form(html: str, **changes) -> dict:
    form = {name: hidden(html, name) for name in ("instance_id", "started_at", "round_id")}
    form.update({
        "commune_code": LUNG_CU, "village": "Thôn Lũng Cẩm", "consent": "yes",
        "head_name": "Giàng Mí Sính", "phone": "0912345678", "household_size": "6",
        "ethnicity": "H'Mông", "poverty_status": "poor", "main_livelihood": "crops",
        "m0-sex": "female", "m0-birth_year": "1998", "m0-education": "lower_secondary",
        "m0-current_work": "farming", "m0-trade1": "DL02",
        "m0-trade2-other": "Làm bánh tam giác mạch",
        "m0-desired_level": "so_cap", "m0-max_duration_months": "3", "m0-study_place": "commune",
        "m0-work_away": "no", "m0-poor_household": "yes", "m0-ethnic_minority": "yes",
        # The two other blocks a page without JavaScript shows, left empty.
        "m1-sex": "", "m1-birth_year": "", "m2-trade1": "",
    })
    form.update(changes)
    return form


def stored(db) -> list[HouseholdResponse]:
    return db.session.scalars(select(HouseholdResponse)).all()


def test_the_page_offers_the_communes_of_my_area_and_three_member_blocks(client, surveyor):
    html = page(client)
    assert "Lũng Cú" in html and "Mèo Vạc" not in html
    assert [int(n) for n in re.findall(r'data-block="(\d+)"', html)] == [0, 1, 2]
    assert 'name="m2-trade3-other"' in html


def test_communes_are_listed_by_district_in_alphabetical_order(client, db, surveyor):
    assign(surveyor, "027")  # Mèo Vạc
    groups = option_groups(page(client), "commune_code")
    assert list(groups) == ["Đồng Văn", "Mèo Vạc"]
    assert groups["Đồng Văn"] == DONG_VAN


def test_a_good_form_is_stored_once_and_leads_home(client, db, surveyor):
    form = good_form(page(client))
    response = client.post("/survey/new", data=form)
    assert response.status_code == 302 and response.location.endswith("/survey/")
    [row] = stored(db)
    assert str(row.instance_id) == form["instance_id"] and row.surveyor_id == surveyor.id
    [member] = row.payload["members"]
    assert member["trades"] == [{"code": "DL02"}, {"other": "Làm bánh tam giác mạch"}]
    assert member["poor_household"] is True and member["disability"] is False

    # The same page sent again (a double click, the back button): still one row.
    again = client.post("/survey/new", data=form)
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(HouseholdResponse)) == 1


def test_bad_answers_come_back_under_their_fields_with_everything_typed_kept(client, db, surveyor):
    client.post("/language/en")
    form = good_form(page(client), commune_code=MEO_VAC, **{
        "m0-birth_year": "1700", "m0-trade1": "ZZ99", "village": "<script>alert(1)</script>",
        "m2-sex": "male", "consent": ""})
    response = client.post("/survey/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert stored(db) == []

    def message(name):
        found = re.search(rf'id="{name}-error">([^<]*)<', html)
        return found and found.group(1)

    assert "assigned area" in message("commune_code")
    assert "Member 1" in message("m0-birth_year")
    assert "catalogue" in message("m0-trade1")
    assert message("consent")
    # The third block was started, so it is a member (member 2 of those sent) with answers missing.
    assert "Member 2" in message("m2-education")
    assert 'class="form-errors"' in html
    # What was typed is kept, markup shown as text.
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert 'value="1700"' in html and 'value="Giàng Mí Sính"' in html
    assert hidden(html, "instance_id") == form["instance_id"]


def test_a_changed_resend_of_a_stored_form_is_refused_not_doubled(client, db, surveyor):
    form = good_form(page(client))
    client.post("/survey/new", data=form)
    response = client.post("/survey/new", data={**form, "household_size": "7"},
                           follow_redirects=True)
    assert "flash-error" in response.get_data(as_text=True)
    assert len(stored(db)) == 1


def test_a_forged_instance_id_is_refused_not_a_crash(client, db, surveyor):
    response = client.post("/survey/new", data=good_form(page(client), instance_id="not-a-uuid"))
    assert response.status_code == 422
    assert stored(db) == []
