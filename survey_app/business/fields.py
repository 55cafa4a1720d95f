"""The employer form's fields: the choices it offers and how a plain POST becomes an answer.

Profile and cooperation fields keep the answer's names; a need row's fields are
``n<row>-<name>`` (``n0-workers``). Rows left empty are not needs. Field names
are shared with static/js/business.js, which copies the last row to add one.
"""

import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from survey_app.levels import LEVEL_LABELS
from survey_app.services.business_rules import COOPERATION

# Empty rows a page offers below the needs already given; without JavaScript the
# respondent saves to get more.
BLANK_ROWS = 2
# A request naming more rows than anyone would fill is cut here rather than parsed at length.
MAX_ROWS = 40

LABELS = {
    "business_name": _l("Business name"),
    "tax_code": _l("Tax code"),
    "sector": _l("Sector"),
    "size_band": _l("Size"),
    "ownership": _l("Ownership"),
    "district": _l("District"),
    "commune_code": _l("Commune"),
    "contact_name": _l("Contact person"),
    "contact_phone": _l("Contact phone"),
    "kind": _l("Vacancy or plan"),
    "trade_code": _l("Trade"),
    "other_text": _l("Other trade (not in the list)"),
    "workers": _l("Number of workers"),
    "level": _l("Level"),
    "quarter": _l("When"),
    "wage_offered_vnd": _l("Monthly wage offered (đồng)"),
    "skills_lacking": _l("Skills your current staff lack"),
    "no_needs": _l("We do not plan to hire in the next 12 months"),
}
SECTORS = [
    ("A", _l("Agriculture, forestry and fishing")),
    ("B", _l("Mining and quarrying")),
    ("C", _l("Manufacturing and processing")),
    ("D", _l("Electricity, gas, steam and air conditioning")),
    ("E", _l("Water supply, waste and sewage treatment")),
    ("F", _l("Construction")),
    ("G", _l("Wholesale and retail trade; repair of motor vehicles")),
    ("H", _l("Transport and storage")),
    ("I", _l("Accommodation and food services")),
    ("J", _l("Information and communication")),
    ("K", _l("Finance, banking and insurance")),
    ("L", _l("Real estate")),
    ("M", _l("Professional, scientific and technical activities")),
    ("N", _l("Administrative and support services")),
    ("O", _l("Party, public administration, defence; compulsory social security")),
    ("P", _l("Education and training")),
    ("Q", _l("Health and social work")),
    ("R", _l("Arts, entertainment and recreation")),
    ("S", _l("Other services")),
    ("T", _l("Households as employers")),
    ("U", _l("International organisations")),
]
# Decree 80/2021/NĐ-CP sizes enterprises by their workers (industry and construction).
SIZE_BANDS = [
    ("micro", _l("Micro (up to 10 workers)")), ("small", _l("Small (11 to 100 workers)")),
    ("medium", _l("Medium (101 to 200 workers)")), ("large", _l("Large (over 200 workers)")),
]
OWNERSHIPS = [
    ("private", _l("Private enterprise")), ("cooperative", _l("Cooperative")),
    ("state", _l("State-owned enterprise")), ("foreign", _l("Foreign-invested enterprise")),
    ("household", _l("Household business")),
]
NEED_KINDS = [("vacancy", _l("Vacancy open now")), ("plan", _l("To hire in the next 12 months"))]
LEVELS = [(level.value, label) for level, label in LEVEL_LABELS.items()]
QUARTERS = [("1", _l("Quarter 1 (January to March)")), ("2", _l("Quarter 2 (April to June)")),
            ("3", _l("Quarter 3 (July to September)")),
            ("4", _l("Quarter 4 (October to December)"))]
COOPERATION_LABELS = [
    ("provide_trainers", _l("We can provide trainers or instructors")),
    ("provide_workshop", _l("We can offer our workshop or workplace for practice")),
    ("take_apprentices", _l("We can take apprentices or interns")),
    ("commit_to_hire", _l("We commit to hiring trainees who finish the course")),
    ("co_fund", _l("We can share the cost of training")),
]

PROFILE_TEXT = ("business_name", "tax_code", "sector", "size_band", "ownership", "commune_code",
                "contact_name", "contact_phone", "skills_lacking")
CHECKS = ("no_needs", *COOPERATION)
NEED_TEXT = ("kind", "trade_code", "other_text", "workers", "level", "quarter",
             "wage_offered_vnd")
# What a row's own fields say, apart from the vacancy/plan choice every row has.
NEED_CONTENT = tuple(name for name in NEED_TEXT if name != "kind")
_ROW = re.compile(r"n(\d+)-")


def rows_in(form) -> list[int]:
    """The need row numbers a posted form holds, in page order."""
    return sorted({int(m.group(1)) for key in form if (m := _ROW.match(key))})[:MAX_ROWS]


def answer_from_form(form) -> tuple[dict, list[int]]:
    """The answer from a plain POST, and the row number of each need in it.

    Text is passed on as typed: the rules strip, parse and name what is wrong.
    """
    data = {name: form.get(name, "") for name in PROFILE_TEXT}
    data.update({name: form.get(name) == "yes" for name in CHECKS})
    needs, rows = [], []
    for row in rows_in(form):
        need = {name: form.get(f"n{row}-{name}", "").strip() for name in NEED_TEXT}
        if any(need[name] for name in NEED_CONTENT):
            needs.append(need)
            rows.append(row)
    data["needs"] = needs
    return data, rows


def values_from_answer(answer: dict) -> tuple[dict, list[int]]:
    """The form's values for a stored answer, and its row numbers (row i holds need i + 1)."""
    values = {name: _shown(answer.get(name)) for name in PROFILE_TEXT}
    values.update({name: "yes" if answer.get(name) else "" for name in CHECKS})
    needs = answer.get("needs") or []
    for row, need in enumerate(needs):
        values.update({f"n{row}-{name}": _shown(need.get(name)) for name in NEED_TEXT})
        if isinstance(need.get("wage_offered_vnd"), int):
            # As people write sums of money ("6.500.000"), which the rules read back.
            values[f"n{row}-wage_offered_vnd"] = format_decimal(need["wage_offered_vnd"])
    return values, list(range(len(needs)))


def with_blank_rows(rows: list[int]) -> list[int]:
    """``rows`` and a few empty ones after them."""
    start = max(rows, default=-1) + 1
    return [*rows, *range(start, start + BLANK_ROWS)]


def field_name(path: str, rows: list[int]) -> str:
    """The form field an error path of the rules points at ("needs[2].workers" → "n5-workers"
    when the second need was typed in row 5)."""
    match = re.fullmatch(r"needs\[(\d+)\]\.(\w+)", path)
    if not match:
        return path
    number, name = int(match.group(1)), match.group(2)
    if not 1 <= number <= len(rows):
        return "needs"
    return f"n{rows[number - 1]}-" + ("trade_code" if name == "trade" else name)


def _shown(value) -> str:
    return "" if value is None else str(value)
