"""Coverage and total demand per unit: what the report prints beside the estimates."""

import json
import math

import pytest

from analysis.coverage import unit_coverage
from analysis.params import Parameters
from analysis.recommend import make_plan
from tests.analysis import tables

PARAMS = Parameters()


def test_each_district_counts_its_communes_households_and_total_demand():
    # 024: both communes surveyed (100 of 1,000 and 100 of 2,000 households).
    # 026: only 00712 surveyed (50 of 1,500); 00715 (500) and 00718 (1,000) not.
    inputs = tables.inputs(
        coverage=tables.coverage({"00688": 100, "00691": 100, "00712": 50}),
        wishes=tables.wishes(
            [
                {"commune": "00688", "trade": "NN01", "members": 3},
                {"commune": "00691", "trade": "NN01", "members": 4, "rank": 2},
                {"commune": "00712", "trade": "DL01", "members": 2},
            ]
        ),
    )

    units = unit_coverage(inputs, PARAMS).set_index("unit")

    assert list(units.index) == ["024", "026"]
    assert units.loc["024", ["communes", "communes_surveyed"]].tolist() == [2, 2]
    assert units.loc["024", ["households", "households_surveyed", "members"]].tolist() == [
        3000,
        200,
        7,
    ]
    # weights 10 and 20; a second choice counts half: 10 × 3 + 20 × 0.5 × 4
    y_688, y_691 = 30, 40
    squares = (y_688 - 70 / 3) ** 2 + (y_691 - 2 * 70 / 3) ** 2
    assert units.loc["024", "estimate"] == pytest.approx(70)
    assert units.loc["024", "moe"] == pytest.approx(1.96 * math.sqrt(2 * squares))
    assert units.loc["026", ["communes", "communes_surveyed"]].tolist() == [3, 1]
    assert units.loc["026", ["households", "households_surveyed"]].tolist() == [3000, 50]
    # 00712 stands for its district: (1,500 / 50) × (3,000 / 1,500) = 60 per household
    assert units.loc["026", "estimate"] == pytest.approx(120)
    assert math.isnan(units.loc["026", "moe"])  # one surveyed commune: cannot be measured


def test_a_district_where_nobody_named_a_trade_has_zero_demand_and_a_zero_margin():
    inputs = tables.inputs(wishes=tables.wishes([{"commune": "00712", "trade": "DL01"}]))

    units = unit_coverage(inputs, PARAMS).set_index("unit")

    assert units.loc["024", ["members", "estimate", "moe"]].tolist() == [0, 0.0, 0.0]
    # 026, all three communes surveyed: Y = (15, 0, 0), shares 1/2, 1/6, 1/3 of 15
    squares = (15 - 7.5) ** 2 + 2.5**2 + 5**2
    assert units.loc["026", "estimate"] == 15
    assert units.loc["026", "moe"] == pytest.approx(1.96 * math.sqrt(3 / 2 * squares))


def test_grouped_by_commune_every_commune_is_listed_and_no_margin_can_be_measured():
    inputs = tables.inputs(
        coverage=tables.coverage({"00688": 100}),
        wishes=tables.wishes([{"commune": "00688", "trade": "NN01", "members": 2}]),
    )

    units = unit_coverage(inputs, Parameters(grouping_unit="commune")).set_index("unit")

    assert list(units.index) == ["00688", "00691", "00712", "00715", "00718"]
    assert units.loc["00688", ["households_surveyed", "members", "estimate"]].tolist() == [
        100,
        2,
        20,
    ]
    unsurveyed = units.loc["00691", ["communes_surveyed", "households_surveyed", "estimate"]]
    assert unsurveyed.tolist() == [0, 0, 0]
    assert units["moe"].isna().all()


def test_the_plan_carries_the_units_even_when_it_has_no_course():
    inputs = tables.inputs(coverage=tables.coverage({"00688": 40, "00691": 60}))

    plan = json.loads(make_plan(inputs, PARAMS).to_json())

    assert plan["courses"] == [] and plan["reason_en"]
    assert plan["units"] == [
        {
            "unit": "024",
            "communes": 2,
            "communes_surveyed": 2,
            "households": 3000,
            "households_surveyed": 100,
            "members": 0,
            "estimate": 0.0,
            "moe": 0.0,
        },
        {
            "unit": "026",
            "communes": 3,
            "communes_surveyed": 0,
            "households": 3000,
            "households_surveyed": 0,
            "members": 0,
            "estimate": 0.0,
            "moe": None,
        },
    ]
