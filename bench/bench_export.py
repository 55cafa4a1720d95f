"""How long the planner's household export takes, and its peak memory, as households grow.

The export streams rows in batches, so its peak memory should stay flat from 20,000
to 200,000 households (a province). Prints figures; asserts nothing. Run with `make bench`.
"""

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import SurveyRound
from survey_app.services import demo, exports, reference
from survey_app.services.spreadsheets import csv_chunks, xlsx_file

SIZES = (20_000, 200_000)
XLSX_SIZES = (20_000,)


def export(survey_round, fmt: str) -> int:
    dataset = exports.DATASETS["households"]
    rows = exports.rows(dataset, survey_round, identified=False)
    if fmt == "csv":
        return sum(len(chunk) for chunk in csv_chunks(dataset.header(False), rows))
    with xlsx_file(dataset.header(False), rows, title="households") as output:
        return output.seek(0, 2)


def measure(survey_round, fmt: str) -> tuple[float, float, int]:
    """Seconds (untraced run), peak traced MB (second run), bytes written."""
    started = time.perf_counter()
    size = export(survey_round, fmt)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    export(survey_round, fmt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, size


def run(households: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context(), app.test_request_context():
            upgrade()
            reference.load_all()
            demo.load(households=households, businesses=10, seed=1)
            db.session.commit()
            survey_round = db.session.scalar(select(SurveyRound))
            for fmt in ("csv", "xlsx") if households in XLSX_SIZES else ("csv",):
                seconds, peak_mb, size = measure(survey_round, fmt)
                print(f"household export {households:>7,} households {fmt:>4}: {seconds:6.2f} s, "
                      f"{size / 2**20:6.1f} MB written, peak Python memory {peak_mb:5.1f} MB")
                sys.stdout.flush()
            db.engine.dispose()


if __name__ == "__main__":
    for households in SIZES:
        run(households)
