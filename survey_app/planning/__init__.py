"""Planners' pages: dashboard, business invitations, plans, exports, imports."""

from survey_app.planning import (  # noqa: F401  (add their routes to bp)
    exports,
    imports,
    invitations,
    plans,
)
from survey_app.planning.views import bp

__all__ = ["bp"]
