from sqlalchemy import select

from survey_app.models import AuditEntry, RoundStatus, SurveyRound
from tests.cli.tables import columns

RED = "\x1b[31m"


def create(runner, name="Đợt 2025", *extra):
    return runner.invoke(args=["rounds", "create", "--name", name, "--year", "2025",
                               "--opens", "2025-03-01", "--closes", "2025-05-31", *extra])


def get_round(db, name):
    db.session.expire_all()
    return db.session.scalar(select(SurveyRound).where(SurveyRound.name == name))


def test_create_with_a_target_total_shared_over_the_communes(runner, db, reference_data):
    result = create(runner, "Đợt 2025", "--target-total", "3800")

    assert result.exit_code == 0, result.output
    survey_round = get_round(db, "Đợt 2025")
    assert survey_round.status == RoundStatus.DRAFT
    assert sum(t.target_households for t in survey_round.targets) == 3800
    assert "chỉ tiêu 3.800 hộ" in result.output
    actors = db.session.scalars(select(AuditEntry.actor)).all()
    assert actors == ["cli", "cli"]


def test_list_open_and_close(runner, db):
    assert runner.invoke(args=["rounds", "list"]).output == "Chưa có đợt khảo sát nào.\n"
    create(runner, "Đợt 2025")

    opened = runner.invoke(args=["rounds", "open", "Đợt 2025"])
    listed = runner.invoke(args=["rounds", "list"])
    closed = runner.invoke(args=["rounds", "close", "Đợt 2025"])

    assert opened.exit_code == 0 and "Đợt “Đợt 2025” đang mở" in opened.output
    assert columns(listed.output)[1] == ["Đang mở", "2025", "2025-03-01", "2025-05-31", "0", "0",
                                         "Đợt 2025"]
    assert closed.exit_code == 0 and get_round(db, "Đợt 2025").status == RoundStatus.CLOSED
    english = runner.invoke(args=["rounds", "list", "--language", "en"]).output
    assert columns(english)[1][0] == "Closed"


def test_reopening_needs_a_reason(runner, db):
    create(runner)
    runner.invoke(args=["rounds", "open", "Đợt 2025"])
    runner.invoke(args=["rounds", "close", "Đợt 2025"])

    refused = runner.invoke(args=["rounds", "open", "Đợt 2025"], color=True)
    reopened = runner.invoke(args=["rounds", "open", "Đợt 2025", "--reason", "Thiếu hai xã"])

    assert refused.exit_code == 1 and refused.stderr.startswith(RED)
    assert "reason" in refused.stderr
    assert reopened.exit_code == 0 and get_round(db, "Đợt 2025").status == RoundStatus.OPEN


def test_a_second_open_round_is_refused_in_red_naming_the_open_one(runner, db):
    create(runner, "Đợt 1")
    create(runner, "Đợt 2")
    runner.invoke(args=["rounds", "open", "Đợt 1"])

    result = runner.invoke(args=["rounds", "open", "Đợt 2"], color=True)

    assert result.exit_code == 1
    assert result.stderr.startswith(RED) and "status" in result.stderr
    assert "Đợt 1" in result.stderr
    assert get_round(db, "Đợt 2").status == RoundStatus.DRAFT


def test_bad_dates_are_refused_and_nothing_is_created(runner, db):
    result = runner.invoke(args=["rounds", "create", "--name", "Đợt 2025", "--year", "2025",
                                 "--opens", "2025-05-31", "--closes", "2025-03-01"], color=True)

    assert result.exit_code == 1
    assert result.stderr.startswith(RED) and "closes_on" in result.stderr
    assert get_round(db, "Đợt 2025") is None


def test_a_target_total_without_communes_creates_nothing(runner, db):
    result = create(runner, "Đợt 2025", "--target-total", "3800")

    assert result.exit_code == 1 and "districts" in result.stderr
    assert get_round(db, "Đợt 2025") is None


def test_an_unknown_round_is_named(runner, db):
    result = runner.invoke(args=["rounds", "close", "Đợt 1999"])

    assert result.exit_code == 1 and "Đợt 1999" in result.stderr
