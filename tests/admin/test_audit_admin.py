import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from survey_app.extensions import db as _db
from survey_app.models import Role, SupportNorm
from survey_app.services import audit, reference_edits, round_admin, users
from survey_app.text import vietnamese_key
from tests.fixtures import in_english


def add_entries(db, count, *, action="survey.save", actor="vana", start=None):
    start = start or datetime(2025, 3, 1, tzinfo=UTC)
    for i in range(count):
        entry = audit.record(action, actor=actor, n=i)
        entry.at = start + timedelta(minutes=i)
    db.session.commit()


def rows(page: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", page.split("<tbody>")[1], re.S)


def test_audit_log_is_newest_first_fifty_a_page(client, db, admin):
    add_entries(db, 60)

    first = client.get("/admin/audit").get_data(as_text=True)
    second = client.get("/admin/audit?page=2").get_data(as_text=True)

    numbers = [int(n) for n in re.findall(r"<dt>n</dt>\s*<dd>(\d+)</dd>", first)]
    assert numbers == list(range(59, 9, -1))
    assert [int(n) for n in re.findall(r"<dt>n</dt>\s*<dd>(\d+)</dd>", second)] == \
        list(range(9, -1, -1))
    assert "page=2" in first


def test_audit_log_filters_by_action_and_username(client, db, admin):
    add_entries(db, 2, action="survey.save", actor="vana")
    add_entries(db, 3, action="signin.failed", actor="mallory")
    add_entries(db, 1, action="survey.save", actor="thib")

    page = client.get("/admin/audit?action=survey.save&username=VanA").get_data(as_text=True)

    assert len(rows(page)) == 2
    assert all('title="survey.save"' in row for row in rows(page))
    assert "mallory" not in page.split("<tbody>")[1] and "thib" not in page.split("<tbody>")[1]
    assert '<option value="signin.failed">' in page


def test_audit_log_shows_the_time_as_the_other_pages_do(app, client, admin):
    # No `db` fixture here: its app context would outlive each request and keep
    # the first request's locale for the second.
    with app.app_context():
        add_entries(_db, 1, start=datetime(2024, 1, 1, 17, 30, 5, tzinfo=UTC))

    vietnamese = client.get("/admin/audit?action=survey.save").get_data(as_text=True)
    in_english(client)
    english = client.get("/admin/audit?action=survey.save").get_data(as_text=True)

    # 17:30 UTC is half past midnight the next day in Hà Giang.
    assert ">00:30 02/01/2024</time>" in vietnamese
    assert ">2 Jan 2024, 00:30</time>" in english


def test_audit_actions_are_named_by_their_label_alone(client, db, admin):
    add_entries(db, 1, action="signin.failed", actor="mallory")
    add_entries(db, 1, action="signin", actor="vana")

    page = client.get("/admin/audit").get_data(as_text=True)

    assert '<span title="signin.failed">Đăng nhập thất bại</span>' in page
    assert '<span title="signin">Đăng nhập</span>' in page
    assert "<code>" not in page.split("<tbody>")[1]
    assert '<option value="signin.failed">Đăng nhập thất bại</option>' in page


def test_who_acted_without_an_account_is_named_in_the_readers_language(client, db, admin):
    add_entries(db, 1, action="business.token_failed", actor="anonymous")
    add_entries(db, 1, action="demo.load", actor="cli")
    add_entries(db, 1, action="business_response.save", actor="invitation:7")
    add_entries(db, 1, action="response.import", actor="vana")

    body = client.get("/admin/audit").get_data(as_text=True).split("<tbody>")[1]

    assert "<td>Người chưa đăng nhập</td>" in body and "anonymous" not in body
    assert "<td>Dòng lệnh trên máy chủ</td>" in body
    assert "<td>Doanh nghiệp, qua thư mời số 7</td>" in body
    assert "<td>vana</td>" in body
    assert ">Nhập phiếu hộ gia đình</span>" in body


def test_records_are_named_and_linked_to_their_page(client, db, admin):
    survey_round = round_admin.create_round(admin, "Đợt 1 năm 2024", 2024, date(2024, 3, 1),
                                            date(2024, 5, 31))
    user = users.create_user(admin, "nguyen.van.a", "Nguyễn Văn A", Role.SURVEYOR,
                             "mật khẩu đủ dài")
    db.session.commit()
    in_english(client)

    body = client.get("/admin/audit").get_data(as_text=True).split("<tbody>")[1]

    assert (f'<a href="/admin/rounds/{survey_round.id}">Survey round “Đợt 1 năm 2024”</a>'
            in body)
    assert f'<a href="/admin/users/{user.id}">Account nguyen.van.a</a>' in body
    assert "survey_round" not in body and "user_account" not in body


def test_a_record_gone_from_the_database_is_named_from_the_entry(client, db, admin):
    audit.record("round.create", actor="cli", object_type="survey_round", object_id=999,
                 name="Đợt cũ")
    db.session.commit()
    in_english(client)

    body = client.get("/admin/audit").get_data(as_text=True).split("<tbody>")[1]

    assert "Survey round “Đợt cũ”" in body and "/admin/rounds/999" not in body


def test_details_are_labelled_pairs_with_before_and_after(client, db, admin, create_user):
    user = create_user(Role.SURVEYOR, username="vana")
    users.update_user(admin, user, full_name="Lò Thị Lan", role=Role.SUPERVISOR)
    db.session.commit()
    in_english(client)

    [row] = rows(client.get("/admin/audit?action=user.update").get_data(as_text=True))

    assert re.search(r"<dt>Full name</dt>\s*<dd>[^<]* → Lò Thị Lan</dd>", row)
    assert re.search(r"<dt>Role</dt>\s*<dd>Surveyor → Supervisor</dd>", row)
    assert "full_name" not in row and "{" not in row


def test_targets_of_193_communes_are_summed_up_not_listed(client, db, admin, reference_data):
    survey_round = round_admin.create_round(admin, "Đợt 1", 2024, date(2024, 3, 1),
                                            date(2024, 5, 31))
    round_admin.distribute_targets(admin, survey_round, 3800)
    db.session.commit()
    in_english(client)

    [row] = rows(client.get("/admin/audit?action=round.targets").get_data(as_text=True))

    assert re.search(r"<dt>Communes changed</dt>\s*<dd>193 communes</dd>", row)
    assert re.search(r"<dt>Households to survey in all</dt>\s*<dd>3,800</dd>", row)
    assert "00688" not in row  # no commune code
    assert len(row) < 1500


def test_amounts_and_reference_records_read_as_on_their_pages(client, db, admin,
                                                              reference_data):
    norm = db.session.scalars(
        select(SupportNorm).where(SupportNorm.group_code == "near_poor")).one()
    reference_edits.update_norm(norm, {"max_training_support_vnd": 2_800_000}, user=admin)
    db.session.commit()

    [row] = rows(client.get("/admin/audit?action=reference.norm.update").get_data(as_text=True))

    assert f'<a href="/admin/norms/{norm.id}">' in row and norm.name_vi in row
    assert "2.500.000 → 2.800.000" in row


def test_the_action_filter_lists_actions_in_alphabetical_order_of_their_labels(
        client, db, admin):
    for action in ("survey.save", "signin.failed", "demo.load", "signin", "response.import"):
        add_entries(db, 1, action=action)

    page = client.get("/admin/audit").get_data(as_text=True)

    listed = re.findall(r'<option value="[^"]+">([^<]+)</option>', page.split('id="action"')[1]
                        .split("</select>")[0])
    assert listed == sorted(listed, key=vietnamese_key) and len(listed) == 5
