"""The recommendation PDF of a course plan: what to open where, for whom, at what cost, and why.

It reads only the plan's stored result (``analysis.plan.Plan.to_dict()`` with the ``"survey"``
counts ``services.plans.make`` adds), so the PDF says what the plan says, whenever it is printed.
The result names places and trades by code: the caller passes their names. WeasyPrint's time
grows with the table cells printed, not with the plan, so the long lists are cut to their head
(the full course table is in the CSV) and the cut is always stated: about 24 pages, 2 s for
any plan (bench/bench_plan_pdf.py; goal 3 s).
"""

from collections import defaultdict
from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from survey_app.levels import level_label
from survey_app.reports import parameter_text
from survey_app.reports.pdf import render_pdf
from survey_app.services.quality import FLAG_LABELS

# Rows printed at most: the ranked table, each district's page, the other lists.
MAIN_COURSES = 60
DISTRICT_COURSES = 12
DEMAND_TRADES = 6
DEMAND_UNITS = 40
LIST_ROWS = 10

EMPLOYMENT = "employment"
# Decision 46/2015 sets support norms for elementary and short courses only.
UPPER_LEVELS = ("trung_cap", "cao_dang")

def plan_pdf(result: dict, *, language: str, round_name: str, made_at: datetime,
             made_by: str | None, approved_only: bool, names: dict[str, str],
             trade_names: dict[str, str]) -> bytes:
    """The plan's PDF in ``language`` ("vi" or "en"). ``names`` maps region codes to names,
    ``trade_names`` trade codes to names, both in that language; a code without one is shown
    as it is."""
    report = Report(result, language, names, trade_names, approved_only=approved_only)
    with force_locale(language):
        return render_pdf("reports/plan.html", report=report, round_name=round_name,
                          made_at=made_at, made_by=made_by, approved_only=approved_only,
                          level_label=level_label)


class Report:
    """The plan's figures as the PDF shows them: summed, cut to their head, named."""

    def __init__(self, result: dict, language: str, names: dict[str, str],
                 trade_names: dict[str, str], *, approved_only: bool):
        self.result = result
        self.approved_only = approved_only
        self.language = language
        self.names = names
        self.trade_names = dict(trade_names)
        for course in result["courses"]:
            self.trade_names.setdefault(course["trade"], course[f"trade_name_{self.suffix}"])
        site_district = {site["id"]: site["district"] for site in result["sites"]}
        self.courses = [dict(course, district=site_district.get(course["site"], course["unit"]),
                             openings=course["jobs_local"] + course["jobs_zone"])
                        for course in result["courses"]]
        self.selected = [course for course in self.courses if course["selected"]]

    @property
    def suffix(self) -> str:
        return "en" if self.language == "en" else "vi"

    def name(self, code: str) -> str:
        return self.names.get(code) or code

    def trade(self, code: str) -> str:
        return self.trade_names.get(code) or code

    def reason(self, row: dict) -> str:
        return row[f"reason_{self.suffix}"]

    @property
    def survey(self) -> dict:
        return self.result["survey"]

    @property
    def households_surveyed(self) -> int:
        """Households whose responses the plan read (one response each)."""
        return sum(unit["households_surveyed"] for unit in self.result["units"])

    @property
    def households_represented(self) -> int:
        """Households of the units surveyed: those the estimates, so the trainees, stand for."""
        return sum(unit["households"] for unit in self.result["units"]
                   if unit["households_surveyed"])

    @property
    def figures(self) -> list[tuple[str, int]]:
        selected = self.result["totals"].get("selected", {})
        figures = [
            (_l("Households surveyed"), self.households_surveyed),
            (_l("Businesses surveyed"), self.survey["businesses"]["answered"]),
            (_l("Members who want training"), self.survey["members"]),
            (_l("Courses proposed"), selected.get("courses", 0)),
            (_l("Classes"), selected.get("classes", 0)),
            (_l("Trainees"), selected.get("trainees", 0)),
            (_l("Trainees in priority groups"),
             sum(course["priority_trainees"] for course in self.selected)),
            (_l("Job openings linked to the courses"),
             sum(course["openings"] for course in self.selected)),
            (_l("Total cost (VND)"), selected.get("cost_vnd", 0)),
        ]
        if self.result["budget_vnd"] is not None:
            figures += [(_l("Budget cap (VND)"), self.result["budget_vnd"]),
                        (_l("Budget left (VND)"), self.result["budget_left_vnd"])]
        return figures

    def demand_table(self) -> dict:
        """Estimated trainees per unit (official order) for the trades most wanted overall,
        levels pooled."""
        cells, per_unit, per_trade = defaultdict(float), defaultdict(float), defaultdict(float)
        for row in self.result["demand"]:
            cells[row["unit"], row["trade"]] += row["estimate"]
            per_unit[row["unit"]] += row["estimate"]
            per_trade[row["trade"]] += row["estimate"]
        trades = sorted(per_trade, key=lambda t: (-per_trade[t], t))[:DEMAND_TRADES]
        units = sorted(per_unit, key=lambda u: (-per_unit[u], u))
        shown = sorted(units[:DEMAND_UNITS])
        return {
            "trades": trades,
            "rows": [(unit, [round(cells[unit, t]) for t in trades], round(per_unit[unit]))
                     for unit in shown],
            "more_units": len(units) - len(shown),
            "more_trades": len(per_trade) - len(trades),
        }

    @property
    def main_courses(self) -> list[dict]:
        return self.selected[:MAIN_COURSES]

    @property
    def more_courses(self) -> int:
        return len(self.selected) - len(self.main_courses)

    def districts(self) -> list[dict]:
        """Each district with selected courses, in the official (code) order: its top courses
        and its totals."""
        by_district = defaultdict(list)
        for course in self.selected:
            by_district[course["district"]].append(course)
        return [{
            "code": code,
            "courses": courses[:DISTRICT_COURSES],
            "more": max(0, len(courses) - DISTRICT_COURSES),
            "trainees": sum(c["trainees"] for c in courses),
            "classes": sum(len(c["classes"]) for c in courses),
            "cost_vnd": sum(c["cost_vnd"] for c in courses),
            "count": len(courses),
        } for code, courses in sorted(by_district.items())]

    @property
    def gaps(self) -> list[dict]:
        return self.result["gaps"][:LIST_ROWS]

    @property
    def more_gaps(self) -> int:
        return len(self.result["gaps"]) - len(self.gaps)

    def self_employment(self) -> tuple[list[dict], int]:
        courses = [c for c in self.selected if c["outlook"] != EMPLOYMENT]
        return courses[:LIST_ROWS], max(0, len(courses) - LIST_ROWS)

    def left_out(self) -> tuple[list[dict], int]:
        by_id = {course["id"]: course for course in self.courses}
        rows = [dict(by_id[row["course"]], reason=self.reason(row))
                for row in self.result["left_out"][:LIST_ROWS]]
        return rows, len(self.result["left_out"]) - len(rows)

    @property
    def below_minimum(self) -> tuple[int, int]:
        """Trainees in no class, and the sites they are at."""
        rows = self.result["below_minimum"]
        return sum(row["trainees"] for row in rows), len(rows)

    def coverage(self) -> dict:
        """Per unit surveyed, with a target or with businesses (in code order): the survey
        against its target and the unit's demand with its margin; the sums of the counts."""
        nothing = {"target": 0, "businesses_invited": 0, "businesses_answered": 0}
        units = [{**unit, **nothing, **self.survey["units"].get(unit["unit"], {})}
                 for unit in self.result["units"]]
        rows = [row for row in units if row["communes_surveyed"] or any(row[k] for k in nothing)]
        counts = ("communes", "communes_surveyed", "households_surveyed", "estimate", *nothing)
        return {"rows": rows, "total": {key: sum(row[key] for row in rows) for key in counts},
                "unshown": len(units) - len(rows)}

    def quality(self) -> list[tuple[str, int]]:
        """Responses read and what was left out of them or flagged in them."""
        responses = self.survey["responses"]
        rows = [(_l("Responses read by the plan"), self.households_surveyed)]
        rows += [(label, self.survey["flags"][code]) for code, label in FLAG_LABELS.items()]
        rows += [(_l("Sent back"), responses.get("has_issues", 0)),
                 (_l("Rejected"), responses.get("rejected", 0))]
        if self.approved_only:
            rows.append((_l("Not approved yet, left out (approved responses only)"),
                         responses.get("received", 0) + responses.get("has_issues", 0)))
        return rows

    @property
    def upper_level_courses(self) -> int:
        """Selected courses above the elementary level: costed with its norms (a caveat)."""
        return sum(course["level"] in UPPER_LEVELS for course in self.selected)

    @property
    def parameters(self) -> list[tuple[str, str]]:
        """Each parameter named and written as the plan form and the plan's page do."""
        return parameter_text.rows(self.result["parameters"])
