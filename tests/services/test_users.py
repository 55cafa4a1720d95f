from datetime import date

import pytest
from sqlalchemy import select

from survey_app.models import AuditEntry, Region, RegionLevel, Role, User
from survey_app.services import users
from survey_app.services.users import UserError

PASSWORD = "long enough pw"


@pytest.fixture
def regions(db):
    """A province with two districts; the first has two communes, the second one."""

    def region(level, code, name, parent=None):
        row = Region(level=level, code=code, name_vi=name, parent=parent,
                     valid_from=date(2008, 1, 1))
        db.session.add(row)
        return row

    province = region(RegionLevel.PROVINCE, "02", "Hà Giang")
    dong_van = region(RegionLevel.DISTRICT, "026", "Đồng Văn", province)
    meo_vac = region(RegionLevel.DISTRICT, "027", "Mèo Vạc", province)
    lung_cu = region(RegionLevel.COMMUNE, "00715", "Lũng Cú", dong_van)
    sa_phin = region(RegionLevel.COMMUNE, "00718", "Sà Phìn", dong_van)
    pai_lung = region(RegionLevel.COMMUNE, "00757", "Pải Lủng", meo_vac)
    db.session.commit()
    return {r.name_vi: r for r in (province, dong_van, meo_vac, lung_cu, sa_phin, pai_lung)}


@pytest.fixture
def admin(db):
    user = users.create_user(None, "admin", "Quản Trị", Role.ADMIN, PASSWORD)
    db.session.commit()
    return user


def entries(db, action, user=None):
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    if user is not None:
        query = query.where(AuditEntry.object_id == str(user.id))
    return db.session.scalars(query).all()


def make(admin, username="vanA", role=Role.SURVEYOR, **fields):
    return users.create_user(admin, username, "Nguyễn Văn A", role, PASSWORD, **fields)


def test_create_user_keeps_username_in_lower_case_and_audits_without_password(db, admin):
    user = make(admin, "Ha.Giang_01", email="a@sldtbxh.gov.vn", phone="0912 345 678")
    db.session.commit()

    assert user.username == "ha.giang_01" and user.active
    assert user.check_password(PASSWORD)
    [entry] = entries(db, "user.create", user)
    assert entry.user_id == admin.id and entry.object_id == str(user.id)
    assert entry.details["after"]["role"] == "surveyor"
    assert PASSWORD not in str(entry.details) and "password" not in str(entry.details)


@pytest.mark.parametrize("username", ["ab", "x" * 81, "nguyễn", "has space", "a/b"])
def test_bad_usernames_are_refused_naming_the_field(db, admin, username):
    with pytest.raises(UserError) as error:
        make(admin, username)
    assert error.value.field == "username"


def test_usernames_are_unique_whatever_the_case(db, admin):
    make(admin, "lan")
    db.session.commit()
    with pytest.raises(UserError) as error:
        make(admin, "LAN")
    assert error.value.field == "username"


def test_a_twin_created_at_the_same_moment_is_refused_and_the_session_stays_usable(
    db, admin, monkeypatch
):
    make(admin, "lan")
    db.session.commit()
    # As if another request created "lan" between our check and our insert.
    monkeypatch.setattr(users, "find_user", lambda username: None)

    with pytest.raises(UserError) as error:
        make(admin, "lan")

    assert error.value.field == "username"
    make(admin, "mai")
    db.session.commit()
    assert db.session.scalar(select(User).where(User.username == "mai")) is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("password", "short"),
        ("password", "x" * 201),
        ("full_name", "   "),
        ("role", "boss"),
        ("email", "not-an-email"),
        ("phone", "call me"),
    ],
)
def test_bad_input_is_refused_naming_the_field(db, admin, field, value):
    args = {"username": "lan", "full_name": "Lò Thị Lan", "role": "surveyor",
            "password": PASSWORD, field: value}
    with pytest.raises(UserError) as error:
        users.create_user(admin, args.pop("username"), args.pop("full_name"), args.pop("role"),
                          args.pop("password"), **args)
    assert error.value.field == field


def test_update_records_only_what_changed(db, admin):
    user = make(admin)
    db.session.commit()

    users.update_user(admin, user, full_name="Nguyễn Văn Anh", role=Role.SUPERVISOR,
                      email=None, phone=None)
    users.update_user(admin, user, full_name="Nguyễn Văn Anh", role=Role.SUPERVISOR)
    db.session.commit()

    [entry] = entries(db, "user.update")
    assert entry.details["before"] == {"full_name": "Nguyễn Văn A", "role": "surveyor"}
    assert entry.details["after"] == {"full_name": "Nguyễn Văn Anh", "role": "supervisor"}


def test_an_admin_cannot_change_their_own_role(db, admin):
    with pytest.raises(UserError) as error:
        users.update_user(admin, admin, full_name=admin.full_name, role=Role.PLANNER)
    assert error.value.field == "role"


def test_reset_password_replaces_the_old_one_and_audits_no_secret(db, admin):
    user = make(admin)
    users.reset_password(admin, user, "another password")
    db.session.commit()

    assert user.check_password("another password") and not user.check_password(PASSWORD)
    [entry] = entries(db, "user.password_reset")
    assert entry.object_id == str(user.id)
    details = str(entry.details)
    assert "another password" not in details and user.password_hash not in details


def test_deactivate_and_reactivate_are_audited_once_each(db, admin):
    user = make(admin)
    users.set_active(admin, user, False)
    users.set_active(admin, user, False)
    users.set_active(admin, user, True)
    db.session.commit()

    assert user.active
    [off] = entries(db, "user.deactivate")
    [on] = entries(db, "user.activate")
    assert off.details == {"username": "vana", "before": {"active": True},
                           "after": {"active": False}}
    assert on.details["after"] == {"active": True}


def test_an_admin_cannot_deactivate_themself(db, admin):
    with pytest.raises(UserError) as error:
        users.set_active(admin, admin, False)
    assert error.value.field == "active"
    assert admin.active


def test_areas_are_districts_or_communes_and_a_district_covers_its_communes(db, admin, regions):
    user = make(admin)
    kept = users.assign_areas(admin, user, [regions["Đồng Văn"].id, regions["Lũng Cú"].id,
                                            regions["Pải Lủng"].id])
    db.session.commit()

    assert {r.name_vi for r in kept} == {"Đồng Văn", "Pải Lủng"}
    assert users.area_ids(user) == {regions["Đồng Văn"].id, regions["Pải Lủng"].id}
    [entry] = entries(db, "user.areas")
    assert entry.details["before"] == []
    assert entry.details["after"] == sorted([regions["Đồng Văn"].id, regions["Pải Lủng"].id])


def test_assigning_areas_replaces_the_earlier_ones(db, admin, regions):
    user = make(admin, role=Role.SUPERVISOR)
    users.assign_areas(admin, user, [regions["Đồng Văn"].id])
    users.assign_areas(admin, user, [regions["Mèo Vạc"].id, regions["Lũng Cú"].id])
    db.session.commit()

    assert users.area_ids(user) == {regions["Mèo Vạc"].id, regions["Lũng Cú"].id}
    assert len(entries(db, "user.areas")) == 2


@pytest.mark.parametrize("role", [Role.PLANNER, Role.ADMIN])
def test_planners_and_admins_have_no_areas(db, admin, regions, role):
    user = make(admin, role=role)
    with pytest.raises(UserError) as error:
        users.assign_areas(admin, user, [regions["Đồng Văn"].id])
    assert error.value.field == "areas"


def test_a_province_or_an_unknown_region_is_not_an_area(db, admin, regions):
    user = make(admin)
    for ids in ([regions["Hà Giang"].id], [999_999], ["abc"]):
        with pytest.raises(UserError) as error:
            users.assign_areas(admin, user, ids)
        assert error.value.field == "areas"


def test_becoming_a_planner_removes_the_areas(db, admin, regions):
    user = make(admin)
    users.assign_areas(admin, user, [regions["Đồng Văn"].id])
    users.update_user(admin, user, full_name=user.full_name, role=Role.PLANNER)
    db.session.commit()

    assert user.areas == []
    assert entries(db, "user.areas")[-1].details["after"] == []


def test_changes_from_the_command_line_are_audited_as_cli(db):
    user = users.create_user(None, "lan", "Lò Thị Lan", Role.PLANNER, PASSWORD)
    db.session.commit()
    [entry] = entries(db, "user.create", user)
    assert entry.actor == "cli" and entry.user_id is None and entry.object_id == str(user.id)


def test_count_by_role_lists_every_role(db, admin):
    make(admin, "an1")
    users.set_active(admin, make(admin, "an2"), False)
    db.session.commit()
    counts = users.count_by_role()
    assert counts[Role.SURVEYOR] == {"active": 1, "inactive": 1}
    assert counts[Role.ADMIN] == {"active": 1, "inactive": 0}
    assert counts[Role.PLANNER] == {"active": 0, "inactive": 0}
