"""Household survey: surveyors' and supervisors' pages."""

# Importing the modules that add routes to the blueprint registers them.
from survey_app.survey import (
    edit,  # noqa: F401,E402  (a sent response, its versions, its edit)
    form,  # noqa: F401,E402  (adds its routes to bp)
    review,  # noqa: E402, F401
)
