"""How long loading reference data and the demo takes, and the peak memory, on SQLite.

Prints figures; asserts nothing. Run with `make bench`.
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from survey_app import create_app
from survey_app.extensions import db
from survey_app.services import demo, reference

SIZES = ((3_800, 50), (20_000, 400), (100_000, 1_000))


def run(households: int, businesses: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            reference.load_all()
            db.session.commit()
            reference_s = time.perf_counter() - started
            started = time.perf_counter()
            summary = demo.load(households=households, businesses=businesses, seed=1)
            db.session.commit()
            demo_s = time.perf_counter() - started
            db.engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"demo load {households:>7,} households {businesses:>5,} businesses: "
          f"reference {reference_s:5.2f} s, demo {demo_s:6.2f} s "
          f"({summary.members:,} members), peak RSS so far {peak_mb:,.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    for households, businesses in SIZES:
        run(households, businesses)
