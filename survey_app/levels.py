"""The training levels' names, in the reader's language: the forms, imports, plans and reports
all show the same words."""

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
