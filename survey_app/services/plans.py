"""Making course plans: asked for by a planner (or the CLI), made in the background.

A plan is immutable once made: its parameters, the fingerprint of the data it read and
its result are stored, so what it says can always be traced and downloaded unchanged,
whatever responses arrive later. The web page and ``flask plan make`` go through
``make``, so the same data and parameters give the same JSON.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.exc import OperationalError, StatementError

from analysis.params import Parameters
from analysis.plan import dumps
from analysis.recommend import make_plan
from survey_app.extensions import db
from survey_app.jobs import enqueue
from survey_app.models import Plan, PlanStatus, SurveyRound, User
from survey_app.models.base import utcnow
from survey_app.reports.plan_pdf import plan_pdf
from survey_app.services import audit, plan_inputs, plan_parameters, plan_survey


@dataclass(frozen=True)
class Settings:
    """What a plan is made from, besides the data: the analysis parameters, which
    responses count, and the report's language."""

    parameters: Parameters = field(default_factory=Parameters)
    approved_only: bool = False
    language: str = "vi"

    def to_dict(self) -> dict:
        return {"analysis": self.parameters.to_dict(), "approved_only": self.approved_only}

    @classmethod
    def from_dict(cls, stored: dict, language: str) -> "Settings":
        return cls(Parameters.from_mapping(stored["analysis"]), stored["approved_only"], language)


def settings(values: dict[str, str], *, approved_only: bool = False,
             language: str = "vi") -> Settings:
    """Settings from the planner's values (text allowed); bad ones raise
    plan_parameters.ParametersError naming each."""
    return Settings(plan_parameters.checked(values), approved_only, language)


def make(survey_round: SurveyRound, chosen: Settings) -> tuple[str, str]:
    """The plan's JSON and the fingerprint of the inputs it read, computed now: the analysis
    result, and under ``"survey"`` what the report says of the survey besides
    (``plan_survey.facts``)."""
    inputs = plan_inputs.build(survey_round, approved_only=chosen.approved_only)
    result = make_plan(inputs, chosen.parameters).to_dict()
    result["survey"] = plan_survey.facts(survey_round, approved_only=chosen.approved_only,
                                         grouping_unit=chosen.parameters.grouping_unit)
    return dumps(result), inputs.fingerprint()


def request(survey_round: SurveyRound, chosen: Settings, *, user: User | None) -> Plan:
    """Store the plan as queued and hand it to the worker; the caller's request returns at once."""
    plan = Plan(round_id=survey_round.id, created_by_id=user.id if user else None,
                status=PlanStatus.QUEUED, language=chosen.language, params=chosen.to_dict())
    db.session.add(plan)
    db.session.flush()
    audit.record("plan.request", user=user, obj=plan, round=survey_round.id)
    plan_id = plan.id
    db.session.commit()
    # Not plan.id here: reading the expired plan would open a transaction whose snapshot
    # (SQLite's) hides what the worker writes from this session.
    enqueue("make_plan", plan_id)
    return plan


def run(plan_id: int) -> None:
    """The worker's job: make the queued plan and store it, or why it failed. Whatever fails,
    the plan ends done or failed, never left "being made"."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.status != PlanStatus.QUEUED:
        return  # made already: a plan is never made twice
    plan.status = PlanStatus.RUNNING
    db.session.commit()
    chosen = Settings.from_dict(plan.params, plan.language)
    try:
        result, fingerprint = make(plan.round, chosen)
    except Exception as error:  # noqa: BLE001 - whatever failed is shown on the plan, not lost
        _store(plan_id, status=PlanStatus.FAILED, error=_described(error), finished_at=utcnow())
        return
    stored = json.loads(result)
    try:
        _store(plan_id, result=stored, fingerprint=fingerprint)
    except Exception as error:  # noqa: BLE001 - the database refused it: say so on the plan
        with force_locale(chosen.language):
            message = _("The plan was made but could not be saved (%(error)s). Make it again; "
                        "if this happens again, tell the administrator.", error=_described(error))
        _store(plan_id, status=PlanStatus.FAILED, error=message, finished_at=utcnow())
        return
    plan = db.session.get(Plan, plan_id)
    try:
        # The result is kept even if its PDF fails.
        made = {"pdf": pdf(stored, plan.round, chosen, made_at=plan.created_at,
                           made_by=plan.created_by.full_name if plan.created_by else None)}
        _store(plan_id, status=PlanStatus.DONE, finished_at=utcnow(), **made)
    except Exception as error:  # noqa: BLE001 - the plan stands without its PDF
        _store(plan_id, status=PlanStatus.DONE, error=f"PDF: {_described(error)}",
               finished_at=utcnow())


def _described(error: Exception) -> str:
    # The database's own words, without the statement and its megabytes of parameters.
    detail = error.orig if isinstance(error, StatementError) else error
    return f"{type(error).__name__}: {detail}"


def _store(plan_id: int, **values) -> None:
    """Write ``values`` on the plan in a transaction of their own, once more if the database
    refused them (a lock, a deadlock)."""
    for attempt in (1, 2):
        # A new transaction: SQLite refuses at once ("database is locked", whatever the busy
        # timeout) to turn the one that read the inputs into a writing one if another
        # connection has written since it began.
        db.session.rollback()
        try:
            db.session.execute(update(Plan).where(Plan.id == plan_id).values(**values))
            db.session.commit()
            return
        except OperationalError:
            if attempt == 2:
                raise


def pdf(result: dict, survey_round: SurveyRound, chosen: Settings, *, made_at: datetime,
        made_by: str | None) -> bytes:
    """The recommendation PDF of a plan's result, with the names of its places and trades."""
    places, trades = names(survey_round, chosen.language)
    return plan_pdf(result, language=chosen.language, round_name=survey_round.name,
                    made_at=made_at, made_by=made_by, approved_only=chosen.approved_only,
                    names=places, trade_names=trades)


def names(survey_round: SurveyRound, language: str) -> tuple[dict[str, str], dict[str, str]]:
    """Names of the regions (as they stood in the round) and of the trades, by code, in
    ``language``; Vietnamese where a name has no English."""
    def by_code(frame) -> dict[str, str]:
        own = frame["name_en"] if language == "en" else frame["name_vi"]
        return dict(zip(frame["code"], own.where(own != "", frame["name_vi"]), strict=True))

    return by_code(plan_inputs.regions(survey_round)), by_code(plan_inputs.trades())


def result_json(plan: Plan) -> str:
    """The stored result as the analysis wrote it, byte for byte."""
    return dumps(plan.result)
