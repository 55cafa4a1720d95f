from sqlalchemy import select

from survey_app.models import AuditEntry, Role, User
from tests.cli.tables import columns

RED = "\x1b[31m"


def get_user(db, username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def create(runner, *extra, input=None):
    return runner.invoke(
        args=["users", "create", "--role", "planner", "--username", "Lan.KH",
              "--full-name", "Lò Thị Lan", *extra],
        input=input,
    )


def test_create_with_a_password_option(runner, db):
    result = create(runner, "--password", "ten chars ok")

    assert result.exit_code == 0, result.output
    assert "lan.kh" in result.output
    user = get_user(db, "lan.kh")
    assert user.role == Role.PLANNER and user.check_password("ten chars ok")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.create")).one()
    assert entry.actor == "cli"


def test_create_asks_for_a_hidden_password_twice(runner, db):
    result = create(runner, input="ten chars ok\nten chars ok\n")

    assert result.exit_code == 0, result.output
    assert "ten chars ok" not in result.output
    assert get_user(db, "lan.kh").check_password("ten chars ok")


def test_create_stops_when_the_two_passwords_differ(runner, db):
    result = create(runner, input="ten chars ok\nsomething else\n")

    assert result.exit_code != 0
    assert get_user(db, "lan.kh") is None


def test_errors_are_red_name_the_field_and_exit_non_zero(runner, db):
    result = runner.invoke(
        args=["users", "create", "--role", "planner", "--username", "lan",
              "--full-name", "Lò Thị Lan", "--password", "short"],
        color=True,
    )

    assert result.exit_code == 1
    assert result.stderr.startswith(RED) and "password" in result.stderr
    assert get_user(db, "lan") is None


def test_a_taken_username_is_refused(runner, db, create_user):
    create_user(Role.SURVEYOR, username="lan.kh")

    result = create(runner, "--password", "ten chars ok")

    assert result.exit_code == 1
    assert "username" in result.stderr


def test_an_unknown_role_is_refused(runner, db):
    result = runner.invoke(args=["users", "create", "--role", "boss", "--username", "lan",
                                 "--full-name", "Lan", "--password", "ten chars ok"])
    assert result.exit_code == 2
    assert get_user(db, "lan") is None


def test_list_shows_role_and_state(runner, db, create_user):
    create_user(Role.SURVEYOR, username="vana", full_name="Nguyễn Văn A")
    root = create_user(Role.ADMIN, username="root", active=False)

    result = runner.invoke(args=["users", "list"])

    assert result.exit_code == 0
    assert columns(result.output) == [
        ["Tên đăng nhập", "Vai trò", "Trạng thái", "Họ và tên"],
        ["root", "admin", "Đã khóa", root.full_name],
        ["vana", "surveyor", "Đang hoạt động", "Nguyễn Văn A"],
    ]
    only = runner.invoke(args=["users", "list", "--role", "admin"]).output
    assert "root" in only and "vana" not in only
    english = runner.invoke(args=["users", "list", "--language", "en"]).output
    assert columns(english)[0] == ["Username", "Role", "Status", "Full name"]
    assert columns(english)[2] == ["vana", "surveyor", "Active", "Nguyễn Văn A"]


def test_messages_and_errors_speak_vietnamese_unless_english_is_asked_for(runner, db,
                                                                          create_user):
    create_user(Role.SURVEYOR, username="vana")
    short = ["users", "create", "--role", "planner", "--username", "lan", "--full-name", "Lan",
             "--password", "short"]

    assert runner.invoke(args=["users", "deactivate", "vana"]).output == (
        "Đã khóa tài khoản vana và đăng xuất người dùng này.\n")
    assert runner.invoke(args=["users", "activate", "vana", "--language", "en"]).output == (
        "vana can sign in again.\n")
    assert runner.invoke(args=short).stderr == "password: Dùng ít nhất 10 ký tự.\n"
    assert runner.invoke(args=[*short, "--language", "en"]).stderr == (
        "password: Use at least 10 characters.\n")
    assert runner.invoke(args=["users", "activate", "nobody"]).stderr == (
        "Không có người dùng nào tên “nobody”.\n")


def test_set_password_prompts_and_replaces_the_password(runner, db, create_user):
    create_user(Role.SURVEYOR, username="vana")

    result = runner.invoke(args=["users", "set-password", "VanA"],
                           input="brand new secret\nbrand new secret\n")

    assert result.exit_code == 0, result.output
    assert get_user(db, "vana").check_password("brand new secret")
    assert db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.password_reset")).one().actor == "cli"


def test_set_password_of_an_unknown_user_fails(runner, db):
    result = runner.invoke(args=["users", "set-password", "nobody", "--password", "brand new one"])
    assert result.exit_code == 1
    assert "nobody" in result.stderr


def test_deactivate_and_activate(runner, db, create_user):
    create_user(Role.SURVEYOR, username="vana")

    result = runner.invoke(args=["users", "deactivate", "vana"])
    assert result.exit_code == 0
    assert not get_user(db, "vana").active

    result = runner.invoke(args=["users", "activate", "vana"])
    assert result.exit_code == 0
    assert get_user(db, "vana").active
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["user.deactivate", "user.activate"]


def test_deactivate_an_unknown_user_fails(runner, db):
    result = runner.invoke(args=["users", "deactivate", "nobody"])
    assert result.exit_code == 1
