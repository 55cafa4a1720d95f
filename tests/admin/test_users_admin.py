import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from survey_app.extensions import db as _db
from survey_app.models import AuditEntry, Region, RegionLevel, Role, User
from survey_app.services import audit
from tests.fixtures import repeated_ids

NEW_USER = {
    "username": "Lo.Thi.Lan",
    "full_name": "Lò Thị Lan",
    "role": "surveyor",
    "email": "",
    "phone": "0912 345 678",
    "password": "ten chars ok",
    "confirm": "ten chars ok",
}


@pytest.fixture
def admin(login_as):
    return login_as(Role.ADMIN, username="quantri")


def get_user(db, username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def actions(db):
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def in_english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


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


def test_deactivate_and_reactivate_with_a_button(client, db, admin, create_user):
    user = create_user(Role.SURVEYOR, username="vana")
    in_english(client)

    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Deactivating signs" in page and "Deactivate vana" in page

    assert client.post(f"/admin/users/{user.id}/active", data={"active": "0"}).status_code == 302
    assert not get_user(db, "vana").active
    assert "Reactivate vana" in client.get(f"/admin/users/{user.id}").get_data(as_text=True)

    assert client.post(f"/admin/users/{user.id}/active", data={"active": "1"}).status_code == 302
    assert get_user(db, "vana").active
    assert actions(db) == ["user.deactivate", "user.activate"]


def test_an_admin_cannot_deactivate_themself(client, db, admin):
    in_english(client)
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert "Deactivate quantri" not in page

    response = client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})

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


def add_entries(db, count, *, action="survey.save", actor="vana", start=None):
    start = start or datetime(2025, 3, 1, tzinfo=UTC)
    for i in range(count):
        entry = audit.record(action, actor=actor, n=i)
        entry.at = start + timedelta(minutes=i)
    db.session.commit()


def test_audit_log_is_newest_first_fifty_a_page(client, db, admin):
    add_entries(db, 60)

    first = client.get("/admin/audit").get_data(as_text=True)
    second = client.get("/admin/audit?page=2").get_data(as_text=True)

    numbers = [int(n) for n in re.findall(r"&#34;n&#34;: (\d+)", first)]
    assert numbers == list(range(59, 9, -1))
    assert [int(n) for n in re.findall(r"&#34;n&#34;: (\d+)", second)] == list(range(9, -1, -1))
    assert "page=2" in first


def test_audit_log_filters_by_action_and_username(client, db, admin):
    add_entries(db, 2, action="survey.save", actor="vana")
    add_entries(db, 3, action="signin.failed", actor="mallory")
    add_entries(db, 1, action="survey.save", actor="thib")

    page = client.get("/admin/audit?action=survey.save&username=VanA").get_data(as_text=True)

    assert page.count("<code>survey.save</code>") == 2
    assert "mallory" not in page.split("<tbody>")[1] and "thib" not in page.split("<tbody>")[1]
    assert '<option value="signin.failed">' in page


def test_audit_log_shows_the_time_in_the_users_locale(app, client, admin):
    # No `db` fixture here: its app context would outlive each request and keep
    # the first request's locale for the second.
    with app.app_context():
        add_entries(_db, 1, start=datetime(2024, 1, 1, 17, 30, 5, tzinfo=UTC))

    vietnamese = client.get("/admin/audit?action=survey.save").get_data(as_text=True)
    in_english(client)
    english = client.get("/admin/audit?action=survey.save").get_data(as_text=True)

    # 17:30 UTC is half past midnight the next day in Hà Giang.
    assert "00:30:05 2 thg 1, 2024" in vietnamese
    assert re.search(r"Jan 2, 2024, 12:30:05\sAM", english)


def test_audit_actions_are_named_in_the_readers_language(client, db, admin):
    add_entries(db, 1, action="signin.failed", actor="mallory")

    page = client.get("/admin/audit").get_data(as_text=True)

    assert "Đăng nhập thất bại <code>signin.failed</code>" in page
    assert '<option value="signin.failed">Đăng nhập thất bại</option>' in page


def test_who_acted_without_an_account_is_named_in_the_readers_language(client, db, admin):
    add_entries(db, 1, action="business.token_failed", actor="anonymous")
    add_entries(db, 1, action="demo.load", actor="cli")
    add_entries(db, 1, action="business_response.save", actor="invitation:7")
    add_entries(db, 1, action="response.import", actor="vana")

    rows = client.get("/admin/audit").get_data(as_text=True).split("<tbody>")[1]

    assert "<td>Người chưa đăng nhập</td>" in rows and "anonymous" not in rows
    assert "<td>Dòng lệnh trên máy chủ</td>" in rows
    assert "<td>Doanh nghiệp, qua thư mời số 7</td>" in rows
    assert "<td>vana</td>" in rows
    assert "Nhập phiếu hộ gia đình <code>response.import</code>" in rows
