"""Demand analysis and course planning: pure functions and estimators over pandas.

Nothing here imports Flask or SQLAlchemy; the app hands in tidy tables.
"""

from analysis.levels import LEVELS

__all__ = ["LEVELS"]
