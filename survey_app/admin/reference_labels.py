"""Readable names for the codes the reference files use, so pages show no raw identifiers.

A code an admin adds later has no entry here and is shown as it is.
"""

from flask_babel import lazy_gettext as _l

from survey_app.models import Level

LEVEL_LABELS = {
    Level.SHORT: _l("Short course (under 3 months)"),
    Level.ELEMENTARY: _l("Elementary (3 months to 1 year)"),
    Level.INTERMEDIATE: _l("Intermediate (1–2 years)"),
    Level.COLLEGE: _l("College (2–3 years)"),
}
# In the plan's course tables, where the durations would crowd every row.
LEVEL_SHORT_LABELS = {
    Level.SHORT: _l("Short course"),
    Level.ELEMENTARY: _l("Elementary"),
    Level.INTERMEDIATE: _l("Intermediate"),
    Level.COLLEGE: _l("College"),
}


def level_label(code: str) -> str:
    """A level's short name; a code not known here is shown as it is."""
    try:
        return str(LEVEL_SHORT_LABELS[Level(code)])
    except ValueError:
        return code

TRADE_GROUPS = {
    "agriculture": _l("Agriculture"),
    "agro_processing": _l("Agro-processing"),
    "construction_mechanical": _l("Construction and mechanics"),
    "handicraft_textile": _l("Handicrafts and textiles"),
    "ict_business": _l("ICT and business"),
    "language_labour_export": _l("Languages for working abroad"),
    "personal_care_services": _l("Personal care services"),
    "tourism_hospitality": _l("Tourism and hospitality"),
    "transport": _l("Transport"),
}

CLASS_KINDS = {
    "theory_class": _l("Theory class"),
    "practice_class": _l("Practice class"),
}

LEARNER_GROUPS = {
    "general": _l("All learners"),
    "very_small_ethnic_minority_or_disability": _l(
        "Very small ethnic minorities or people with disabilities"),
    "blind": _l("Blind learners"),
}

ALLOWANCES = {
    "meals": _l("Meals"),
    "travel": _l("Travel"),
    "travel_difficult": _l("Travel (disabled learners or difficult communes)"),
}


def label(labels: dict, code) -> str:
    return str(labels.get(code, code))


TEMPLATE_NAMES = {
    "level_labels": LEVEL_LABELS,
    "trade_groups": TRADE_GROUPS,
    "class_kinds": CLASS_KINDS,
    "learner_groups": LEARNER_GROUPS,
    "allowance_names": ALLOWANCES,
    "label": label,
}
