"""Household survey: surveyors' and supervisors' pages."""
