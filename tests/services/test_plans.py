"""Making plans: asked for, made by the worker, stored unchanged; the CLI makes the same plan."""

import json
import re

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.exc import OperationalError

from survey_app.models import AuditEntry, Plan, PlanStatus, Role, Trade, TradeChoice, User
from survey_app.services import plans
from survey_app.services.errors import FieldError
from tests.services import plan_data
from tests.services.progress_data import LUNG_CU
from tests.services.review_data import household


def test_a_requested_plan_is_made_and_stored_with_its_inputs_fingerprint(db, demo_round,
                                                                         create_user):
    planner = create_user(Role.PLANNER, username="plan_maker")  # the demo has planner
    db.session.commit()  # made in another session: this one's snapshot starts again

    plan = plans.request(demo_round, plans.settings({"min_class_size": "12"}), user=planner)

    db.session.refresh(plan)
    assert plan.status == PlanStatus.DONE, plan.error
    assert plan.created_by_id == planner.id and plan.finished_at is not None
    assert plan.params["analysis"]["min_class_size"] == 12
    result = json.loads(plans.result_json(plan))
    assert result["fingerprint"] == plan.fingerprint
    assert result["courses"]
    assert result["parameters"]["min_class_size"] == 12
    assert db.session.scalar(select(AuditEntry.action)
                             .where(AuditEntry.object_type == "plan")) == "plan.request"


def test_the_same_data_and_parameters_give_byte_identical_json(db, demo_round):
    chosen = plans.settings({"budget_cap_vnd": "2000000000"})

    first = plans.request(demo_round, chosen, user=None)
    second = plans.request(demo_round, chosen, user=None)

    assert plans.result_json(first) == plans.result_json(second)
    assert plans.result_json(first) == plans.make(demo_round, chosen)[0]


def test_a_plan_made_before_new_responses_arrive_stays_as_it_was(db, demo_round, create_user):
    plan = plans.request(demo_round, plans.settings({}), user=None)
    before = plans.result_json(plan)
    trade = db.session.scalar(select(Trade).where(Trade.code == "DL01"))
    surveyor = create_user(Role.SURVEYOR, username="late_surveyor")  # the demo has surveyor1…
    db.session.commit()  # made in another session: this one's snapshot starts again

    for _ in range(12):  # a dozen more cooks-to-be in Lũng Cú
        response = household(demo_round, LUNG_CU, surveyor, birth_years=(1996,))
        response.members[0].choices = [TradeChoice(rank=1, trade_id=trade.id)]
    db.session.commit()

    db.session.expire_all()
    stored = db.session.get(Plan, plan.id)
    assert plans.result_json(stored) == before
    assert plans.make(demo_round, plans.settings({}))[1] != stored.fingerprint


@pytest.mark.parametrize("values, field", [
    ({"min_class_size": "a dozen"}, "min_class_size"),
    ({"min_class_size": "-3"}, "min_class_size"),
    ({"choice_weights": "1,2,3"}, "choice_weights"),
    ({"colour": "blue"}, "colour"),
])
def test_a_bad_parameter_is_refused_naming_it_and_nothing_is_queued(db, demo_round, values, field):
    with pytest.raises(FieldError) as refused:
        plans.settings(values)

    assert refused.value.field == field
    assert db.session.scalar(select(Plan)) is None


def test_the_cli_writes_the_plan_the_service_makes(db, demo_round, runner, tmp_path):
    out = tmp_path / "plan.json"

    result = runner.invoke(args=["plan", "make", "--param", "min_class_size=12",
                                 "--param", "choice_weights=1,0.5,0.25", "--json", str(out)])
    english = runner.invoke(args=["plan", "make", "--json", str(out), "--language", "en"])

    assert result.exit_code == 0, result.output
    expected, fingerprint = plans.make(demo_round, plans.settings({"min_class_size": "12"}))
    assert out.read_text(encoding="utf-8") != expected  # the English run wrote the defaults' plan
    assert result.output == (f"Đã ghi kế hoạch đào tạo của đợt “{demo_round.name}” (dữ liệu đầu "
                             f"vào {fingerprint[:12]}) vào {out}.\n")
    assert english.output == (f"Plan for “{demo_round.name}” (inputs {fingerprint[:12]}) "
                              f"written to {out}.\n")


@pytest.mark.parametrize("param, vietnamese, english", [
    ("min_class_size=zero", "--param min_class_size: Sĩ số lớp tối thiểu phải là số nguyên từ 1 "
     "đến 18 (sĩ số tối đa của một lớp).", "--param min_class_size: The minimum class size must be"
     " a whole number from 1 to 18, the most learners a class may have."),
    ("budget_cap_vnd=100000000000000000000", "--param budget_cap_vnd: Trần ngân sách phải là số "
     "tiền (đồng) từ 1 đến 10.000.000.000.000,", "--param budget_cap_vnd: The budget cap must be "
     "an amount in VND from 1 to 10,000,000,000,000,"),
    ("colour=blue", "--param colour: không có tham số này", "--param colour: there is no such"),
    ("zone_k_range=5", "--param zone_k_range: giá trị này không hợp lệ (must be two integers",
     "--param zone_k_range: this value is not allowed (must be two integers"),
    ("min_class_size", "--param min_class_size: hãy viết theo dạng TÊN=GIÁ_TRỊ",
     "--param min_class_size: write it as NAME=VALUE"),
])
def test_the_cli_names_a_bad_parameter_in_the_language_asked_for(db, demo_round, runner, tmp_path,
                                                                  param, vietnamese, english):
    command = ["plan", "make", "--param", param, "--json", str(tmp_path / "plan.json")]

    result = runner.invoke(args=command)
    in_english = runner.invoke(args=[*command, "--language", "en"])

    assert result.exit_code == in_english.exit_code == 1
    assert result.stderr.startswith(vietnamese) and in_english.stderr.startswith(english)
    assert not (tmp_path / "plan.json").exists()


def test_the_plan_stores_the_survey_it_read_with_targets_businesses_and_quality_counts(
        db, reference_data, create_user):
    survey_round = plan_data.small_round(create_user(Role.SURVEYOR, username="plan_surveyor"))

    result = json.loads(plans.make(survey_round, plans.settings({}))[0])

    survey = result["survey"]
    # Six responses read (the rejected one is not), with seven members wanting training.
    assert survey["members"] == 7
    assert survey["responses"] == {"received": 4, "has_issues": 1, "approved": 1, "rejected": 1}
    assert survey["flags"] == {"duplicate": 0, "short": 1, "far": 0, "age": 1}
    assert survey["businesses"] == {"invited": 2, "answered": 1}
    assert survey["units"] == {
        "026": {"target": 9, "businesses_invited": 1, "businesses_answered": 1},
        "027": {"target": 6, "businesses_invited": 1, "businesses_answered": 0},
    }
    units = {unit["unit"]: unit for unit in result["units"]}
    assert (units["026"]["communes_surveyed"], units["026"]["households_surveyed"]) == (2, 5)
    assert (units["027"]["communes_surveyed"], units["027"]["households_surveyed"]) == (1, 1)
    assert units["026"]["moe"] is not None and units["027"]["moe"] is None


def test_approved_only_reads_and_flags_the_approved_responses_alone(
        db, reference_data, create_user):
    survey_round = plan_data.small_round(create_user(Role.SURVEYOR, username="plan_surveyor"))

    result = json.loads(plans.make(survey_round, plans.settings({}, approved_only=True))[0])

    assert result["survey"]["members"] == 1
    assert result["survey"]["flags"] == {"duplicate": 0, "short": 0, "far": 0, "age": 0}
    assert sum(unit["households_surveyed"] for unit in result["units"]) == 1


def test_a_plan_stored_while_someone_else_writes_is_stored(db, demo_round, monkeypatch):
    # SQLite refuses at once ("database is locked") to turn the transaction that read the inputs
    # into a writing one once another connection has written since it began: the worker then
    # left the plan "being made" for ever.
    make = plans.make

    def while_a_planner_signs_in(*args):
        made = make(*args)
        with db.engine.begin() as other:
            other.execute(update(User).values(locale=User.locale))
        return made

    monkeypatch.setattr(plans, "make", while_a_planner_signs_in)

    plan_id = plans.request(demo_round, plans.settings({}), user=None).id

    db.session.expire_all()
    plan = db.session.get(Plan, plan_id)
    assert plan.status == PlanStatus.DONE and plan.result["courses"] and plan.pdf


def refusing(statement: str, times: int):
    """An engine hook making the database refuse the first ``times`` statements matching
    ``statement``, as a locked SQLite database or a PostgreSQL deadlock would."""
    left = [times]

    def before_cursor_execute(conn, cursor, sql, parameters, context, executemany):
        if re.match(statement, sql) and left[0]:
            left[0] -= 1
            raise OperationalError(sql, parameters, Exception("database is locked"))

    return before_cursor_execute


@pytest.mark.parametrize("times, status", [(1, PlanStatus.DONE), (2, PlanStatus.FAILED)])
def test_a_result_the_database_refuses_is_tried_again_once_then_marks_the_plan_failed(
        db, demo_round, times, status):
    hook = refusing(r'UPDATE "?plan"? SET fingerprint', times)
    event.listen(db.engine, "before_cursor_execute", hook)
    try:
        plan_id = plans.request(demo_round, plans.settings({}, language="vi"), user=None).id
    finally:
        event.remove(db.engine, "before_cursor_execute", hook)

    db.session.expire_all()
    plan = db.session.get(Plan, plan_id)
    assert plan.status == status and plan.finished_at is not None
    if status == PlanStatus.FAILED:
        assert plan.result is None and plan.error.startswith(
            "Kế hoạch đã lập xong nhưng không lưu được (OperationalError: ")
