"""Readable names for the codes the reference files use, so pages show no raw identifiers.

A code an admin adds later has no entry here and is shown as it is.
"""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from survey_app.levels import LEVEL_LABELS

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


def localised(row) -> str:
    """The name of a trade or a support norm in the reader's language."""
    return row.name_en if get_locale().language == "en" else row.name_vi


def class_rule_name(rule) -> str:
    return f"{label(CLASS_KINDS, rule.rule)} · {label(LEARNER_GROUPS, rule.applies_to)}"


TEMPLATE_NAMES = {
    "level_labels": LEVEL_LABELS,
    "trade_groups": TRADE_GROUPS,
    "class_kinds": CLASS_KINDS,
    "learner_groups": LEARNER_GROUPS,
    "allowance_names": ALLOWANCES,
    "label": label,
}
