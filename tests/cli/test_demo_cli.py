"""`flask demo load`, `flask demo accounts` and `flask demo links`."""

import re

from flask import url_for
from sqlalchemy import func, select

from survey_app.auth.views import HOME_ENDPOINTS
from survey_app.extensions import db as _db
from survey_app.models import Business, HouseholdResponse, Invitation, Role, SurveyRound, User
from survey_app.services.tokens import new_token, token_hash
from tests.cli.tables import columns

SMALL = ["--households", "120", "--businesses", "8", "--seed", "1"]


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(_db.session.scalar(select(func.count()).select_from(model))
                     for model in (SurveyRound, HouseholdResponse, Business, User))


def test_load_creates_the_demo_and_prints_the_accounts(app, runner, reference_data):
    result = runner.invoke(args=["demo", "load", *SMALL])

    assert result.exit_code == 0, result.output
    assert "120 hộ gia đình" in result.output and "8 doanh nghiệp" in result.output
    for line in ("admin ", "demo-admin-2024", "supervisor", "026 Đồng Văn, 027 Mèo Vạc",
                 "surveyor6", "tài khoản MẪU"):
        assert line in result.output
    assert counts(app) == (1, 120, 8, 9)


def test_load_if_empty_twice_loads_once(app, runner, reference_data):
    first = runner.invoke(args=["demo", "load", *SMALL, "--if-empty"])
    loaded = counts(app)
    second = runner.invoke(args=["demo", "load", *SMALL, "--if-empty"])

    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert counts(app) == loaded == (1, 120, 8, 9)
    assert "Không nạp dữ liệu mẫu: đã có đợt khảo sát." in second.output


def test_load_refuses_a_database_that_is_not_empty(app, runner, reference_data):
    runner.invoke(args=["demo", "load", *SMALL])
    result = runner.invoke(args=["demo", "load", *SMALL])

    assert result.exit_code != 0
    assert "Cơ sở dữ liệu không trống: đã có đợt khảo sát." in result.output
    assert counts(app) == (1, 120, 8, 9)


def test_load_refuses_a_database_holding_an_account_named_like_a_demo_account(
        app, runner, reference_data, create_user):
    create_user(Role.ADMIN, username="admin")
    result = runner.invoke(args=["demo", "load", *SMALL])

    assert result.exit_code != 0 and "đã có tài khoản tên admin" in result.output
    assert counts(app) == (0, 0, 0, 1)


def test_load_without_reference_data_says_how_to_load_it(app, runner):
    result = runner.invoke(args=["demo", "load", *SMALL])

    assert result.exit_code != 0
    assert "Chưa nạp dữ liệu danh mục" in result.output
    assert "flask reference load" in result.output
    english = runner.invoke(args=["demo", "load", *SMALL, "--language", "en"])
    assert "Reference data is not loaded" in english.output
    assert counts(app) == (0, 0, 0, 0)


def test_accounts_lists_the_demo_accounts_with_their_passwords(runner, reference_data):
    runner.invoke(args=["demo", "load", *SMALL])
    result = runner.invoke(args=["demo", "accounts"])

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[1:10]] == [
        "admin", "planner", "supervisor", *(f"surveyor{i}" for i in range(1, 7))]
    assert "demo-surveyor3-2024" in result.output and "024 Hà Giang, 030 Vị Xuyên" in result.output
    assert columns(result.output)[0] == ["Tên đăng nhập", "Mật khẩu", "Vai trò", "Họ và tên",
                                         "Huyện"]
    assert "tài khoản MẪU" in result.output
    english = runner.invoke(args=["demo", "accounts", "--language", "en"]).output
    assert columns(english)[0] == ["Username", "Password", "Role", "Full name", "Districts"]
    assert "DEMO accounts" in english


def test_accounts_says_so_when_the_demo_was_never_loaded(runner):
    result = runner.invoke(args=["demo", "accounts"])

    assert result.exit_code == 0
    assert "không có tài khoản mẫu nào" in result.output and "demo-admin" not in result.output


def test_accounts_leaves_out_an_account_whose_password_was_changed(app, runner, reference_data):
    runner.invoke(args=["demo", "load", *SMALL])
    with app.app_context():
        user = _db.session.scalar(select(User).where(User.username == "planner"))
        user.set_password("a private password")
        _db.session.commit()

    result = runner.invoke(args=["demo", "accounts"])

    assert "demo-admin-2024" in result.output and "planner" not in result.output


def test_every_demo_account_can_sign_in_and_lands_on_its_home_page(app, runner, reference_data):
    runner.invoke(args=["demo", "load", *SMALL])
    with app.app_context():
        roles = dict(_db.session.execute(select(User.username, User.role)).all())

    for username in ("admin", "planner", "supervisor", "surveyor1"):
        with app.test_request_context():
            home = url_for(HOME_ENDPOINTS[roles[username]])
        response = app.test_client().post(
            "/signin", data={"username": username, "password": f"demo-{username}-2024"})

        assert response.status_code == 302, username
        assert response.headers["Location"] == home


def printed_links(output: str) -> list[str]:
    return re.findall(r"http://127\.0\.0\.1:5000(/b/[A-Za-z0-9_-]+)", output)


def test_links_prints_demo_invitation_links_that_open_the_employer_form(app, runner,
                                                                        reference_data):
    runner.invoke(args=["demo", "load", *SMALL])
    result = runner.invoke(args=["demo", "links", "--per-status", "2"])

    assert result.exit_code == 0, result.output
    links = printed_links(result.output)
    assert links and "Đường dẫn MẪU" in result.output
    client = app.test_client()
    assert [client.get(link).status_code for link in links] == [200] * len(links)


def test_links_use_the_seed_the_demo_was_loaded_with(app, runner, reference_data):
    runner.invoke(args=["demo", "load", "--households", "30", "--businesses", "6", "--seed", "5"])

    assert printed_links(runner.invoke(args=["demo", "links"]).output)
    assert printed_links(runner.invoke(args=["demo", "links", "--seed", "5"]).output)
    other = runner.invoke(args=["demo", "links", "--seed", "6"])
    assert other.exit_code == 0 and not printed_links(other.output)
    assert "đường dẫn mời mẫu nào của seed 6" in other.output


def test_links_leave_out_a_link_that_was_reissued(app, runner, reference_data):
    runner.invoke(args=["demo", "load", *SMALL])
    before = printed_links(runner.invoke(args=["demo", "links", "--per-status", "8"]).output)
    with app.app_context():
        invitation = _db.session.scalar(select(Invitation).where(
            Invitation.token_hash == token_hash(before[0].removeprefix("/b/"))))
        invitation.token_hash = token_hash(new_token())
        _db.session.commit()

    after = printed_links(runner.invoke(args=["demo", "links", "--per-status", "8"]).output)
    assert before[0] not in after and set(after) == set(before[1:])
