"""Planners' pages: dashboard, plans, exports."""
