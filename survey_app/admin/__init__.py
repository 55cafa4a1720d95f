"""Administration: users, areas, rounds and reference data."""
