"""What a course costs under Decision 46/2015/QĐ-TTg (DESIGN.md §5.6).

Per trainee, in whole VND:

- training support: the ``max_training_support_vnd`` of the trainee's support group (the app
  resolves a member in several groups to the highest one, rank 1); a trainee in no group gets
  ``unsupported_support_vnd`` (0 by default: the decision supports only its listed groups);
- meals: the ``meals`` allowance per day of attendance × the course's days, for supported trainees
  (the allowance's condition is "all supported learners");
- travel, for supported trainees: ``travel_difficult`` when the trainee is ``difficult`` and the
  site is at least ``travel_difficult_km`` from home; otherwise ``travel`` when it is at least
  ``travel_km`` away; otherwise nothing. Never both.

A course's cost is the exact sum over its trainees, with the three parts kept.
"""

import numpy as np
import pandas as pd

from analysis.levels import LEVELS

COST_PARTS = ("support_vnd", "meals_vnd", "travel_vnd")


def course_days(
    trades: pd.DataFrame,
    trade: pd.Series,
    level: pd.Series,
    *,
    level_duration_months: tuple[float, ...],
    days_per_month: int,
) -> np.ndarray:
    """Days of attendance of each course (``trade``, ``level`` row by row).

    The trade catalogue's typical duration when the course is at the trade's typical level, else
    ``level_duration_months`` (one value per level of ``LEVELS``); months × ``days_per_month``,
    rounded half up to whole days.
    """
    catalogue = trades.set_index("code")
    typical_level = trade.map(catalogue["typical_level"]).to_numpy()
    typical_months = trade.map(catalogue["typical_duration_months"]).to_numpy(dtype=float)
    by_level = dict(zip(LEVELS, level_duration_months, strict=True))
    level_months = level.map(by_level).to_numpy(dtype=float)
    months = np.where(typical_level == level.to_numpy(), typical_months, level_months)
    return np.floor(months * days_per_month + 0.5).astype("int64")


def trainee_costs(
    seated: pd.DataFrame,
    *,
    support_norms: pd.DataFrame,
    allowances: pd.DataFrame,
    unsupported_support_vnd: int,
    travel_km: float,
    travel_difficult_km: float,
) -> pd.DataFrame:
    """Cost parts of each row of ``seated`` (all its ``count`` trainees together).

    ``seated`` has ``count`` (trainees), ``support_group`` ("" for none), ``difficult``,
    ``distance_km`` (home to site) and ``days`` (of the course). Returns it with ``support_vnd``,
    ``meals_vnd``, ``travel_vnd`` and ``cost_vnd`` (int64) added.
    """
    amount = allowances.set_index("allowance")["amount_vnd"]
    norm = support_norms.set_index("group_code")["max_training_support_vnd"]
    count = seated["count"].to_numpy(dtype="int64")
    group = seated["support_group"]
    supported = (group != "").to_numpy()
    support = np.where(supported, group.map(norm).fillna(0).to_numpy(), unsupported_support_vnd)
    meals = np.where(supported, int(amount["meals"]) * seated["days"].to_numpy(dtype="int64"), 0)
    distance = seated["distance_km"].to_numpy(dtype=float)
    difficult = seated["difficult"].to_numpy(dtype=bool)
    travel = np.select(
        [difficult & (distance >= travel_difficult_km), distance >= travel_km],
        [int(amount["travel_difficult"]), int(amount["travel"])],
        0,
    )
    travel = np.where(supported, travel, 0)
    out = seated.assign(
        support_vnd=count * support.astype("int64"),
        meals_vnd=count * meals.astype("int64"),
        travel_vnd=count * travel.astype("int64"),
    )
    out["cost_vnd"] = out["support_vnd"] + out["meals_vnd"] + out["travel_vnd"]
    return out
