"""Demand analysis and course planning: pure functions and estimators over pandas.

Nothing here imports Flask or SQLAlchemy; the app hands in tidy tables.
"""

from analysis.inputs import InputError, Inputs
from analysis.levels import LEVELS
from analysis.params import ParameterError, Parameters
from analysis.plan import Plan
from analysis.recommend import make_plan

__all__ = ["LEVELS", "InputError", "Inputs", "ParameterError", "Parameters", "Plan", "make_plan"]
