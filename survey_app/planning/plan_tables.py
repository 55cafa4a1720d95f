"""What the plan pages and their downloads show of a plan's stored result: the course
table, in the planner's language, and the difference between two plans."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from survey_app.levels import level_label

COURSE_ID = _l("Course")
COURSE_HEADER = [
    _l("Rank"), COURSE_ID, _l("Trade"), _l("Level"), _l("Host commune"), _l("Area"),
    _l("Classes"), _l("Trainees"), _l("Priority-group trainees"), _l("Linked openings"),
    _l("Cost (VND)"), _l("Selected"), _l("Reason"),
]


def course_rows(result: dict, locale: str, names: dict[str, str], *,
                selected_only: bool = False) -> list[list]:
    """The ranked course table, highest priority first, as COURSE_HEADER lists it; only the
    courses the budget selected if ``selected_only``, each keeping its rank among all."""
    yes, no = str(_l("Yes")), str(_l("No"))
    return [
        [rank, course["id"], course[f"trade_name_{locale}"], level_label(course["level"]),
         names.get(course["host"], course["host"]), names.get(course["unit"], course["unit"]),
         len(course["classes"]), course["trainees"], course["priority_trainees"],
         course["jobs_local"], course["cost_vnd"], yes if course["selected"] else no,
         course[f"reason_{locale}"]]
        for rank, course in enumerate(result.get("courses", []), start=1)
        if course["selected"] or not selected_only
    ]


# The course id ("TC05-so_cap-00913") is a spreadsheet's key to the plan's JSON, not for reading:
# the plan page leaves its column out and keeps it on the row.
ID_COLUMN = COURSE_HEADER.index(COURSE_ID)
PAGE_HEADER = COURSE_HEADER[:ID_COLUMN] + COURSE_HEADER[ID_COLUMN + 1:]


def page_rows(rows: list[list]) -> list[tuple[str, list]]:
    """``course_rows`` as the plan page shows them: (course id, the other cells)."""
    return [(row[ID_COLUMN], row[:ID_COLUMN] + row[ID_COLUMN + 1:]) for row in rows]


@dataclass(frozen=True)
class Change:
    course: dict
    before: dict | None
    after: dict | None


def compare(first: dict, second: dict) -> dict[str, list[Change]]:
    """The selected courses the second plan adds, drops, or changes (classes, trainees,
    cost) against the first, matched by course id (trade, level and site)."""
    a, b = _selected(first), _selected(second)
    changed = [Change(b[i], a[i], b[i]) for i in sorted(a.keys() & b.keys())
               if _figures(a[i]) != _figures(b[i])]
    return {
        "added": [Change(b[i], None, b[i]) for i in sorted(b.keys() - a.keys())],
        "removed": [Change(a[i], a[i], None) for i in sorted(a.keys() - b.keys())],
        "changed": changed,
    }


def _selected(result: dict) -> dict[str, dict]:
    return {c["id"]: c for c in result.get("courses", []) if c["selected"]}


def _figures(course: dict) -> tuple:
    return course["classes"], course["trainees"], course["cost_vnd"]
