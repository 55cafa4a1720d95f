"""The job worker's entry point: ``huey_consumer survey_app.worker.huey``."""

from survey_app import create_app

app = create_app()
huey = app.extensions["huey"]
