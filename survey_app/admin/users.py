"""Admin pages for accounts, roles and assigned areas."""

from survey_app.admin.views import bp  # noqa: F401
