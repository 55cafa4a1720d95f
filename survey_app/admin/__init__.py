"""Administration: users, areas, rounds and reference data."""

from survey_app.admin import audit, reference, rounds, users  # noqa: F401  (they add their routes to bp)
from survey_app.admin.views import bp

__all__ = ["bp"]
