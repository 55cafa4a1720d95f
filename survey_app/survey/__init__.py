"""Household survey: surveyors' and supervisors' pages."""

# Importing the modules that add routes to the blueprint registers them.
from survey_app.survey import review  # noqa: E402, F401

from survey_app.survey import form  # noqa: F401,E402  (adds its routes to bp)
from survey_app.survey import edit  # noqa: F401,E402  (a sent response, its versions, its edit)
