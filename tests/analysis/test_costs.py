"""Course costs under Decision 46/2015: support of the highest group, meals per day, travel."""

import pandas as pd

from analysis.costs import COST_PARTS, course_days, trainee_costs
from tests.analysis import tables

DAYS = 66  # a 3-month course × 22 days


def costed(rows, unsupported=0):
    seated = pd.DataFrame(
        [
            {
                "course": "c",
                "count": 1,
                "support_group": "",
                "difficult": False,
                "distance_km": 0.0,
                "days": DAYS,
                **row,
            }
            for row in rows
        ]
    )
    return trainee_costs(
        seated,
        support_norms=tables.support_norms(),
        allowances=tables.allowances(),
        unsupported_support_vnd=unsupported,
        travel_km=15.0,
        travel_difficult_km=5.0,
    )


def test_days_from_the_catalogue_or_the_level():
    trades = tables.trades()
    days = course_days(
        trades,
        pd.Series(["NN01", "NN01", "XD03"]),
        pd.Series(["so_cap", "thuong_xuyen", "trung_cap"]),
        level_duration_months=(1.5, 3.0, 18.0, 30.0),
        days_per_month=22,
    )
    # NN01 at its typical level: 3 months; at thuong_xuyen: 1.5 months = 33 days; XD03: 24 months.
    assert days.tolist() == [66, 33, 528]


def test_support_is_the_amount_of_the_trainee_group():
    # The app resolves a member in several groups to the highest (rank 1): disability, 6,000,000.
    out = costed([{"support_group": "disability", "count": 2}, {"support_group": "near_poor"}])
    assert out["support_vnd"].tolist() == [12_000_000, 2_500_000]


def test_meals_are_the_daily_allowance_times_the_days_for_supported_trainees():
    out = costed([{"support_group": "priority", "count": 3}, {"support_group": ""}])
    assert out["meals_vnd"].tolist() == [3 * 30_000 * DAYS, 0]


def test_unsupported_trainees_get_the_parameter_and_no_allowance():
    out = costed([{"support_group": "", "distance_km": 40.0}], unsupported=1_000_000)
    assert out[["support_vnd", "meals_vnd", "travel_vnd"]].iloc[0].tolist() == [1_000_000, 0, 0]


def test_travel_depends_on_distance_and_on_difficult_learners():
    out = costed(
        [
            {"support_group": "other_rural", "distance_km": 14.9},
            {"support_group": "other_rural", "distance_km": 15.0},
            {"support_group": "other_rural", "distance_km": 6.0, "difficult": True},
            {"support_group": "other_rural", "distance_km": 4.9, "difficult": True},
            {"support_group": "other_rural", "distance_km": 20.0, "difficult": True},
        ]
    )
    # Never both allowances: a difficult learner 20 km away gets the higher one only.
    assert out["travel_vnd"].tolist() == [0, 200_000, 300_000, 0, 300_000]


def test_a_course_cost_is_the_exact_sum_of_its_trainees_parts():
    out = costed(
        [
            {"support_group": "disability", "count": 4, "distance_km": 8.0, "difficult": True},
            {"support_group": "other_rural", "count": 10, "distance_km": 16.0},
            {"support_group": "", "count": 3},
        ]
    )
    total = out[[*COST_PARTS, "cost_vnd"]].sum()
    support = 4 * 6_000_000 + 10 * 2_000_000
    meals = 14 * 30_000 * DAYS
    travel = 4 * 300_000 + 10 * 200_000
    assert total.tolist() == [support, meals, travel, support + meals + travel]
