"""How long the recommendation PDF of a plan takes: a demo-sized plan and a province's.

Plans are made by ``analysis.recommend.make_plan`` on bench_plan.py's synthetic Hà Giang
(3,800 households and 50 businesses; 200,000 households and 2,000 businesses), given the survey
facts ``services.plans.make`` stores beside them (made up here: no database), then printed in
Vietnamese by ``survey_app.reports.plan_pdf``. Goals: under 3 s and under 10 s. The first
render also pays for WeasyPrint's import and font loading, so it is done once before timing.
Prints figures; asserts nothing. Run with `make bench`.
"""

import subprocess
import sys
import time
from datetime import UTC, datetime

from bench_plan import PARAMS, aggregated, reference, survey

from analysis.inputs import Inputs
from analysis.recommend import make_plan
from survey_app import create_app
from survey_app.reports.plan_pdf import plan_pdf

SCENARIOS = ((3_800, 50, 3.0), (200_000, 2_000, 10.0))


def render(result: dict, names: dict[str, str], trade_names: dict[str, str]) -> bytes:
    return plan_pdf(result, language="vi", round_name="Khảo sát nhu cầu học nghề (bench)",
                    made_at=datetime.now(UTC), made_by="bench", approved_only=False,
                    names=names, trade_names=trade_names)


def survey_facts(result: dict, members: int, jobs) -> dict:
    """What ``services.plan_survey.facts`` would store: targets a tenth above the households
    surveyed, every business invited and answering, a few flagged and rejected responses."""
    households = sum(unit["households_surveyed"] for unit in result["units"])
    per_district = jobs.groupby("district")["business"].nunique()
    return {
        "members": members,
        "responses": {"received": households, "has_issues": households // 100,
                      "rejected": households // 200},
        "flags": {"duplicate": households // 150, "short": households // 80, "far": 3, "age": 7},
        "businesses": dict.fromkeys(("invited", "answered"), int(per_district.sum())),
        "units": {unit["unit"]: {"target": unit["households_surveyed"] * 11 // 10,
                                 "businesses_invited": int(per_district.get(unit["unit"], 0)),
                                 "businesses_answered": int(per_district.get(unit["unit"], 0))}
                  for unit in result["units"]},
    }


def pages(pdf: bytes) -> str:
    """The page count by poppler's pdfinfo (poppler-utils), or "?" without it."""
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[1] for line in info.stdout.decode().splitlines()
                 if line.startswith("Pages:")), "?")


if __name__ == "__main__":
    tables = reference()
    names = dict(zip(tables["regions"]["code"], tables["regions"]["name_vi"], strict=True))
    trade_names = dict(zip(tables["trades"]["code"], tables["trades"]["name_vi"], strict=True))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    print("recommendation PDF: reports.plan_pdf.plan_pdf (wall and CPU seconds; the CPU time "
          "is what another process on a shared machine disturbs less)")
    print(f"{'scenario':<36} {'courses':>7} {'pages':>6} {'KB':>6} {'pdf s':>6} {'cpu s':>6} "
          f"{'goal':>6}")
    with app.app_context():
        warmed = False
        for households, businesses, goal in SCENARIOS:
            wishes, coverage, jobs = survey(tables, households, int(households * 1.2), businesses)
            inputs = Inputs.build(wishes=aggregated(wishes), coverage=coverage, jobs=jobs, **tables)
            result = make_plan(inputs, PARAMS).to_dict()
            result["survey"] = survey_facts(result, int(households * 1.2), jobs)
            if not warmed:
                render(result, names, trade_names)
                warmed = True
            started, cpu = time.perf_counter(), time.process_time()
            pdf = render(result, names, trade_names)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            label = f"{households:,} households, {businesses:,} businesses"
            print(f"{label:<36} {len(result['courses']):>7,} {pages(pdf):>6} "
                  f"{len(pdf) // 1024:>6} {seconds:>6.2f} {cpu:>6.2f} {goal:>6.1f}")
            sys.stdout.flush()
