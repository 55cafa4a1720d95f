"""The employer survey: what a business opens with its invitation link."""

from survey_app.business import registration  # noqa: F401  (adds its routes to bp)
from survey_app.business.views import bp

__all__ = ["bp"]
