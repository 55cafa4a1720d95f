from sqlalchemy import select

from survey_app.models import AuditEntry
from tests.services.reference_cases import (
    CASES,
    EMPTY,
    broken_cases,
    broken_copy,
    reference_row_counts,
)


def test_load_prints_what_it_did_and_is_audited(runner, db):
    result = runner.invoke(args=["reference", "load"])

    assert result.exit_code == 0, result.output
    assert "Xã: thêm mới 193, cập nhật 0, giữ nguyên 0" in result.output
    assert "Nghề đào tạo: thêm mới 48," in result.output
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "reference.load")).one()
    assert entry.actor == "cli"
    assert entry.details["counts"]["district"]["inserted"] == 11


def test_loading_again_reports_nothing_changed(runner, db):
    runner.invoke(args=["reference", "load"])

    result = runner.invoke(args=["reference", "load"])

    assert result.exit_code == 0
    assert "Xã: thêm mới 0, cập nhật 0, giữ nguyên 193" in result.output


def test_help_warns_that_a_load_overwrites_admin_edits(runner):
    result = runner.invoke(args=["reference", "load", "--help"])

    assert "OVERWRITES admin edits" in result.output


@broken_cases
def test_a_broken_file_fails_with_its_line_and_field_and_writes_nothing(runner, db, tmp_path, case):
    directory = broken_copy(tmp_path, case)

    result = runner.invoke(args=["reference", "load", "--dir", str(directory)])

    assert result.exit_code != 0
    assert case.expected in result.stderr
    assert reference_row_counts(db.session) == EMPTY
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_problems_are_in_english_when_asked_for(runner, db, tmp_path):
    directory = broken_copy(tmp_path, next(c for c in CASES if c.id == "unknown district"))

    result = runner.invoke(args=["reference", "load", "--dir", str(directory), "--language", "en"])

    assert result.stderr == ("communes.csv, line 5, field district_code: unknown district “099” "
                             "(not in districts.csv)\n")
    english = runner.invoke(args=["reference", "load", "--language", "en"])
    assert "Communes: 193 inserted, 0 updated, 0 unchanged" in english.output


def test_if_empty_keeps_an_admin_edit_when_run_again(runner, db):
    from survey_app.models import Trade

    runner.invoke(args=["reference", "load"])
    trade = db.session.scalars(select(Trade).where(Trade.code == "NN01")).one()
    trade.typical_duration_months = 5
    db.session.commit()

    result = runner.invoke(args=["reference", "load", "--if-empty"])

    assert result.exit_code == 0
    assert "Dữ liệu danh mục đã được nạp từ trước" in result.output
    db.session.expire_all()
    assert db.session.scalars(
        select(Trade).where(Trade.code == "NN01")).one().typical_duration_months == 5
