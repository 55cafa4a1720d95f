"""Admin pages for reference data: trades, support norms, allowances, class rules."""

from survey_app.admin.views import bp  # noqa: F401
