"""Planners' pages: dashboard, business invitations, plans, exports."""

from survey_app.planning import exports, invitations  # noqa: F401  (add their routes to bp)
from survey_app.planning.views import bp

__all__ = ["bp"]
