"""Courses linked to job openings (DESIGN.md §5.5).

Openings (``analysis.demand.job_openings``: per unit × trade × level) go first to the courses of the
same trade and level whose site is in the same unit, then, what the unit's own courses do not take,
to courses of the same trade and level in other units of the same zone. Each opening is counted for
one trainee only: where openings are short they are shared between courses in proportion to their
trainees (whole openings, largest remainders). A course's absorbed share is min(1, its openings /
its trainees).

Openings left after that are recruitment gaps (openings without local supply). Courses with no
opening are self-employment or labour-export courses: telling those apart needs a question on
working away from home, which the survey does not ask yet.
"""

import numpy as np
import pandas as pd

from analysis.sizing import apportion

KEY = ["unit", "trade", "level"]
EMPLOYMENT = "employment"
SELF_EMPLOYMENT = "self_employment_or_export"


def link_jobs(
    courses: pd.DataFrame, openings: pd.DataFrame, zone_of: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Openings matched to courses, and the recruitment gaps.

    Parameters
    ----------
    courses : DataFrame
        ``course`` (id), ``unit``, ``trade``, ``level``, ``seated``; in a fixed order.
    openings : DataFrame
        ``unit``, ``trade``, ``level``, ``openings``, ``businesses``.
    zone_of : Series
        Zone of each unit (units missing from it share openings with no other unit).

    Returns
    -------
    courses : DataFrame
        ``courses`` with ``jobs_local``, ``jobs_zone``, ``unit_openings``, ``unit_businesses``,
        ``absorbed_share`` and ``outlook`` added.
    gaps : DataFrame
        ``unit``, ``trade``, ``level``, ``openings``, ``businesses``, ``matched``, ``unmatched``
        for every unit × trade × level whose openings are not all matched.
    """
    supply = courses.groupby(KEY, as_index=False, sort=True)["seated"].sum()
    units = supply.merge(openings[[*KEY, "openings", "businesses"]], on=KEY, how="outer")
    units = units.fillna({"seated": 0, "openings": 0, "businesses": 0}).astype(
        {"seated": "int64", "openings": "int64", "businesses": "int64"}
    )
    units = units.sort_values(KEY, ignore_index=True)
    units["local"] = np.minimum(units["seated"], units["openings"])
    units["surplus"] = units["openings"] - units["local"]
    units["short"] = units["seated"] - units["local"]
    # Units without a zone form a zone of their own.
    units["zone"] = units["unit"].map(zone_of).astype(object)
    alone = units["zone"].isna()
    units.loc[alone, "zone"] = "unit:" + units.loc[alone, "unit"]
    units["zone"] = units["zone"].astype(str)
    pool = units.groupby(["zone", "trade", "level"], sort=True)[["surplus", "short"]].sum()
    moved = np.minimum(pool["surplus"], pool["short"])
    pool_key = units["zone"] + "|" + units["trade"] + "|" + units["level"]
    moved.index = moved.index.map("|".join)
    units["zone_in"] = apportion(units["short"], pool_key, moved)
    units["zone_out"] = apportion(units["surplus"], pool_key, moved)
    units["matched"] = units["local"] + units["zone_out"]
    units["unmatched"] = units["openings"] - units["matched"]

    unit_key = units["unit"] + "|" + units["trade"] + "|" + units["level"]
    course_key = courses["unit"] + "|" + courses["trade"] + "|" + courses["level"]
    by_unit = units.set_axis(unit_key)
    # Shared out once, then split into local and zone, so that no course gets more than a seat.
    jobs = pd.Series(
        apportion(courses["seated"], course_key, by_unit["local"] + by_unit["zone_in"]),
        index=courses.index,
    )
    local = apportion(jobs, course_key, by_unit["local"])
    linked = courses.assign(
        jobs_local=local,
        jobs_zone=jobs.to_numpy() - local,
        unit_openings=course_key.map(by_unit["openings"]).to_numpy(dtype="int64"),
        unit_businesses=course_key.map(by_unit["businesses"]).to_numpy(dtype="int64"),
    )
    seated = linked["seated"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        linked["absorbed_share"] = np.where(seated > 0, np.minimum(1.0, jobs / seated), 0.0)
    linked["outlook"] = np.where(jobs > 0, EMPLOYMENT, SELF_EMPLOYMENT)
    gaps = units.loc[
        units["unmatched"] > 0, [*KEY, "openings", "businesses", "matched", "unmatched"]
    ].reset_index(drop=True)
    return linked, gaps
