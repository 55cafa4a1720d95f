"""Background jobs (Huey): work too long for a web request, such as making a plan or writing
a province's households to a spreadsheet.

The queue is kept in ``instance/jobs.sqlite`` by default, so a district office laptop needs
no server; ``JOB_QUEUE_URL=redis://host:6379/0`` puts it in Redis for production, where
several machines share it. The worker is ``huey_consumer survey_app.worker.huey``
(``make run`` starts it). ``JOBS_IMMEDIATE`` runs each job at once, in the caller's process:
for tests and one-off commands, never for a web server.
"""

from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey


def init_app(app: Flask) -> None:
    from survey_app.services import export_files, plans

    huey = make_huey(app.config, app.instance_path)
    app.extensions["huey"] = huey
    app.extensions["jobs"] = {
        name: huey.task(name=name, context=False)(_in_app_context(app, function))
        for name, function in (("make_plan", plans.run), ("make_export", export_files.run))
    }


def make_huey(config, instance_path: str):
    if config.get("JOBS_IMMEDIATE"):
        return MemoryHuey("survey-app", immediate=True)
    url = config.get("JOB_QUEUE_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("survey-app", url=url)
    return SqliteHuey("survey-app", filename=url or str(Path(instance_path) / "jobs.sqlite"))


def _in_app_context(app: Flask, function):
    def job(*args):
        with app.app_context():
            return function(*args)

    job.__name__ = function.__name__
    return job


def enqueue(name: str, *args) -> None:
    """Queue the job ``name``; the worker runs it (at once when ``JOBS_IMMEDIATE``)."""
    result = current_app.extensions["jobs"][name](*args)
    if current_app.config.get("JOBS_IMMEDIATE") and result is not None:
        result.get()  # run at once: what went wrong shows here, not in a queue nobody reads
