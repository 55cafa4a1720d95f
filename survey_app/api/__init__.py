"""The JSON API the tablets sync household responses through (docs/household-sync.md)."""

from survey_app.api.views import bp

__all__ = ["bp"]
