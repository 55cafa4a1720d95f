"""The job queue: a plan asked for on a web page is only queued there, and a worker makes it,
with the queue in a SQLite file (the default) or in Redis (production)."""

import pytest
from sqlalchemy import select

from survey_app import create_app
from survey_app.extensions import db as _db
from survey_app.models import Plan, PlanStatus, SurveyRound
from survey_app.services import demo, plans

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["sqlite-file", "redis"])
def queued_app(request, app, schema_url, tmp_path):
    """An app whose jobs go to a real queue, as under `make run` (not run at once)."""
    url = str(tmp_path / "jobs.sqlite") if request.param == "sqlite-file" else REDIS_URL
    queued = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": schema_url,
                         "SECRET_KEY": "test", "JOB_QUEUE_URL": url})
    huey = queued.extensions["huey"]
    huey.flush()
    yield queued
    huey.flush()
    with queued.app_context():
        _db.engine.dispose()


def test_a_requested_plan_waits_in_the_queue_until_the_worker_makes_it(queued_app, reference_data):
    with queued_app.app_context():
        demo.load(households=60, businesses=4, seed=2)
        _db.session.commit()
        survey_round = _db.session.scalar(select(SurveyRound))
        plan_id = plans.request(survey_round, plans.settings({}), user=None).id

    huey = queued_app.extensions["huey"]
    with queued_app.app_context():
        assert _db.session.get(Plan, plan_id).status == PlanStatus.QUEUED
    assert huey.pending_count() == 1

    huey.execute(huey.dequeue())  # what `huey_consumer survey_app.worker.huey` does

    assert huey.pending_count() == 0
    with queued_app.app_context():
        plan = _db.session.get(Plan, plan_id)
        assert plan.status == PlanStatus.DONE, plan.error
        assert plan.result["fingerprint"] == plan.fingerprint
