import re

import pytest
from sqlalchemy import select

from survey_app.models import AuditEntry, Region, RegionLevel, Role, User
from tests.fixtures import in_english, repeated_ids
from tests.region_order import DISTRICTS, DONG_VAN, option_groups

NEW_USER = {
    "username": "Lo.Thi.Lan",
    "full_name": "Lò Thị Lan",
    "role": "surveyor",
    "email": "",
    "phone": "0912 345 678",
    "password": "ten chars ok",
    "confirm": "ten chars ok",
}


def get_user(db, username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def actions(db):
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def region(db, name):
    return db.session.scalar(select(Region).where(Region.name_vi == name))


def test_admin_home_counts_accounts_by_role_and_links_the_admin_pages(client, admin, create_user):
    create_user(Role.SURVEYOR)
    create_user(Role.SURVEYOR)
    create_user(Role.SURVEYOR, active=False)
    in_english(client)

    page = client.get("/admin/").get_data(as_text=True)

    assert re.search(r'<span class="value">2</span></a>\s*<span class="label">Surveyor</span>\s*'
                     r'<span class="hint">and 1 deactivated', page)
    assert 'href="/admin/users/"' in page and 'href="/admin/audit"' in page
    assert 'href="/admin/trades"' in page


def test_users_list_filters_by_role_and_status(client, admin, create_user):
    create_user(Role.SURVEYOR, username="active.surveyor")
    create_user(Role.SURVEYOR, username="gone.surveyor", active=False)
    create_user(Role.PLANNER, username="a.planner")

    everyone = client.get("/admin/users/").get_data(as_text=True)
    surveyors = client.get("/admin/users/?role=surveyor&status=active").get_data(as_text=True)

    assert all(name in everyone for name in ("active.surveyor", "gone.surveyor", "a.planner"))
    assert "active.surveyor" in surveyors
    assert "gone.surveyor" not in surveyors and "a.planner" not in surveyors


def test_a_nonsense_filter_shows_an_error_not_a_crash(client, admin):
    response = client.get("/admin/users/?role=boss&page=x")
    assert response.status_code == 200
    assert "quantri" in response.get_data(as_text=True)


def test_create_a_user(client, db, admin):
    response = client.post("/admin/users/new", data=NEW_USER)

    user = get_user(db, "lo.thi.lan")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert user.role == Role.SURVEYOR and user.check_password("ten chars ok")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.create")).one()
    assert entry.user_id == admin.id


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "lò lan", "Use 3 to 80 characters"),
        ("password", "short", "Use at least 10 characters"),
        ("confirm", "different!!", "The two passwords differ"),
        ("email", "lan@", "Enter an email address"),
        ("full_name", "", "This field is required"),
    ],
)
def test_bad_input_is_shown_under_its_field(client, db, admin, field, value, message):
    in_english(client)
    data = {**NEW_USER, field: value}
    if field == "password":
        data["confirm"] = value

    response = client.post("/admin/users/new", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'id="{field}-error">[^<]*{message}', page), page
    assert get_user(db, "lo.thi.lan") is None


def test_every_bad_field_of_a_new_account_is_flagged_at_once(client, db, admin):
    in_english(client)

    response = client.post("/admin/users/new", data={
        **NEW_USER, "username": "a b<script>", "full_name": "x" * 5000, "email": "nope",
        "phone": "abc", "password": "short", "confirm": "short"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for field, message in [("username", "Use 3 to 80 characters"),
                           ("full_name", "Use at most 200 characters"),
                           ("email", "Enter an email address"),
                           ("phone", "Enter a phone number"),
                           ("password", "Use at least 10 characters")]:
        assert re.search(rf'id="{field}-error">[^<]*{message}', page), field
    assert "<script>" not in page
    assert actions(db) == []


def test_every_bad_field_of_an_account_edit_is_flagged_at_once(client, db, admin, create_user):
    user = create_user(Role.SURVEYOR, username="vana")
    in_english(client)

    response = client.post(f"/admin/users/{user.id}", data={
        "full_name": "x" * 5000, "role": "surveyor", "email": "nope", "phone": "abc"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="full_name-error">[^<]*Use at most 200 characters', page)
    assert re.search(r'id="email-error">[^<]*Enter an email address', page)
    assert re.search(r'id="phone-error">[^<]*Enter a phone number', page)
    assert actions(db) == []


def test_a_taken_username_is_refused_whatever_the_case(client, db, admin, create_user):
    create_user(Role.PLANNER, username="lo.thi.lan")
    in_english(client)

    response = client.post("/admin/users/new", data=NEW_USER)

    assert response.status_code == 400
    assert "already taken" in response.get_data(as_text=True)


def test_edit_name_role_and_contact(client, db, admin, create_user):
    user = create_user(Role.SURVEYOR, username="vana")

    response = client.post(f"/admin/users/{user.id}", data={
        "full_name": "Nguyễn Văn Anh", "role": "supervisor", "email": "anh@example.vn",
        "phone": ""})

    assert response.status_code == 302
    user = get_user(db, "vana")
    assert (user.full_name, user.role, user.email) == ("Nguyễn Văn Anh", Role.SUPERVISOR,
                                                       "anh@example.vn")
    assert actions(db) == ["user.update"]


def test_an_admin_cannot_change_their_own_role(client, db, admin):
    in_english(client)
    response = client.post(f"/admin/users/{admin.id}", data={
        "full_name": admin.full_name, "role": "planner"})

    assert response.status_code == 400
    assert "You cannot change your own role" in response.get_data(as_text=True)
    assert get_user(db, "quantri").role == Role.ADMIN


def test_unknown_user_is_404(client, admin):
    assert client.get("/admin/users/999999").status_code == 404


def test_areas_offer_districts_and_communes_grouped_by_district(
    client, db, admin, create_user, reference_data
):
    user = create_user(Role.SURVEYOR)

    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)

    districts = db.session.scalars(select(Region).where(Region.level == RegionLevel.DISTRICT)).all()
    assert len(districts) == 11
    assert page.count("<optgroup") == 11
    assert '<optgroup label="Đồng Văn">' in page
    assert 'name="districts"' in page and 'name="communes"' in page
    communes = option_groups(page, "communes")
    assert list(communes) == DISTRICTS and communes["Đồng Văn"] == DONG_VAN


def test_assign_areas(client, db, admin, create_user, reference_data):
    user = create_user(Role.SUPERVISOR)
    dong_van = region(db, "Đồng Văn")
    commune = db.session.scalars(select(Region).where(
        Region.level == RegionLevel.COMMUNE, Region.parent_id != dong_van.id)).first()

    response = client.post(f"/admin/users/{user.id}/areas",
                           data={"districts": [dong_van.id], "communes": [commune.id]})

    assert response.status_code == 302
    db.session.expire_all()
    assigned = {a.region_id for a in db.session.get(User, user.id).areas}
    assert assigned == {dong_van.id, commune.id}
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{dong_van.id}">|<option value="{dong_van.id}" '
                     rf'selected>', page)


def test_an_area_outside_the_list_is_refused(client, db, admin, create_user, reference_data):
    user = create_user(Role.SURVEYOR)
    province = db.session.scalar(select(Region).where(Region.level == RegionLevel.PROVINCE))

    response = client.post(f"/admin/users/{user.id}/areas", data={"districts": [province.id]})

    assert response.status_code == 400
    assert actions(db) == []


def test_the_account_page_with_its_several_forms_repeats_no_element_id(
        app, client, admin, create_user, reference_data, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # each form's token field
    user = create_user(Role.SURVEYOR)
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert page.count("<form") >= 3
    assert repeated_ids(page) == []


def test_planners_have_no_areas_section(client, admin, create_user):
    planner = create_user(Role.PLANNER)
    in_english(client)
    page = client.get(f"/admin/users/{planner.id}").get_data(as_text=True)
    assert 'name="districts"' not in page


def test_deactivate_once_confirmed_and_reactivate_with_a_button(client, db, admin, create_user):
    user = create_user(Role.SURVEYOR, username="vana")
    in_english(client)

    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Deactivating signs" in page and "Deactivate vana" in page
    assert 'name="confirm"' in page

    unconfirmed = client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    assert unconfirmed.status_code == 400
    assert re.search(r'id="confirm-error">[^<]*Tick the box', unconfirmed.get_data(as_text=True))
    assert get_user(db, "vana").active and actions(db) == []

    assert client.post(f"/admin/users/{user.id}/active",
                       data={"active": "0", "confirm": "y"}).status_code == 302
    assert not get_user(db, "vana").active
    assert "Reactivate vana" in client.get(f"/admin/users/{user.id}").get_data(as_text=True)

    assert client.post(f"/admin/users/{user.id}/active", data={"active": "1"}).status_code == 302
    assert get_user(db, "vana").active
    assert actions(db) == ["user.deactivate", "user.activate"]


def test_an_admin_cannot_deactivate_themself(client, db, admin):
    in_english(client)
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert "Deactivate quantri" not in page

    response = client.post(f"/admin/users/{admin.id}/active", data={"active": "0", "confirm": "y"})

    assert response.status_code == 400
    assert "You cannot deactivate your own account" in response.get_data(as_text=True)
    assert get_user(db, "quantri").active


def test_a_nonsense_active_value_is_a_bad_request(client, admin, create_user):
    user = create_user(Role.SURVEYOR)
    response = client.post(f"/admin/users/{user.id}/active", data={"active": "maybe"})
    assert response.status_code == 400


def test_reset_password(client, db, admin, create_user):
    user = create_user(Role.SURVEYOR, username="vana")

    response = client.post(f"/admin/users/{user.id}/password",
                           data={"password": "a new secret", "confirm": "a new secret"})

    assert response.status_code == 302
    assert get_user(db, "vana").check_password("a new secret")
    assert actions(db) == ["user.password_reset"]


def test_reset_password_refuses_a_short_one(client, db, admin, create_user):
    user = create_user(Role.SURVEYOR, username="vana")
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"password": "short", "confirm": "short"})
    assert response.status_code == 400
    assert actions(db) == []
