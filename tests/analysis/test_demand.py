import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.demand import (
    commune_weights,
    demand_table,
    estimate_demand,
    expand,
    job_openings,
)
from analysis.params import Parameters
from tests.analysis import tables

PARAMS = Parameters()


def row(demand: pd.DataFrame, unit: str, trade: str, level: str = "so_cap") -> pd.Series:
    found = demand.query("unit == @unit and trade == @trade and level == @level")
    assert len(found) == 1
    return found.iloc[0]


def test_two_communes_weights_estimate_and_margin():
    # District 024: 00688 has 1,000 households, 00691 2,000; 100 surveyed in each.
    inputs = tables.inputs(
        wishes=tables.wishes(
            [
                {"commune": "00688", "trade": "NN01", "members": 3},  # first choice
                {"commune": "00691", "trade": "NN01", "members": 4, "rank": 2},  # second choice
            ]
        )
    )
    design = commune_weights(inputs.coverage, inputs.regions, PARAMS).set_index("commune")
    assert design.loc["00688", "weight"] == 1000 / 100
    assert design.loc["00691", "weight"] == 2000 / 100

    got = row(estimate_demand(inputs, PARAMS), "024", "NN01")
    y_688, y_691 = 10 * 1.0 * 3, 20 * 0.5 * 4  # weight × choice weight × members
    total = y_688 + y_691
    shares = (1000 / 3000, 2000 / 3000)
    squares = (y_688 - shares[0] * total) ** 2 + (y_691 - shares[1] * total) ** 2
    margin = 1.96 * math.sqrt(2 / (2 - 1) * squares)
    assert (got["members"], got["raw"], got["communes"]) == (7, 3 + 0.5 * 4, 2)
    assert got["estimate"] == pytest.approx(total) == 70
    assert got["moe"] == pytest.approx(margin) == pytest.approx(26.1333, abs=1e-4)


def test_surveyed_communes_stand_for_the_unsurveyed_and_zero_wish_communes_count():
    # District 026: 00712 (1,500 households) and 00715 (500) surveyed, 50 each; 00718 (1,000)
    # not surveyed. Nobody in 00715 wants NN01, but its 50 households are in the sample.
    inputs = tables.inputs(
        wishes=tables.wishes(
            [
                {"commune": "00712", "trade": "NN01", "members": 2},
                {"commune": "00715", "trade": "DL01"},
            ]
        ),
        coverage=tables.coverage({"00688": 100, "00691": 100, "00712": 50, "00715": 50}),
    )
    design = commune_weights(inputs.coverage, inputs.regions, PARAMS).set_index("commune")
    unit_factor = 3000 / (1500 + 500)
    assert design.loc["00712", "weight"] == pytest.approx(1500 / 50 * unit_factor) == 45
    assert design.loc["00715", "weight"] == pytest.approx(500 / 50 * unit_factor) == 15
    assert "00718" not in design.index

    got = row(estimate_demand(inputs, PARAMS), "026", "NN01")
    total = 45 * 2  # 00715 contributes 0
    squares = (90 - 0.75 * total) ** 2 + (0 - 0.25 * total) ** 2
    assert got["estimate"] == 90
    assert got["moe"] == pytest.approx(1.96 * math.sqrt(2 * squares)) == pytest.approx(88.2)


def test_a_unit_with_one_surveyed_commune_has_an_unknown_margin_not_zero():
    inputs = tables.inputs(
        wishes=tables.wishes([{"commune": "00688", "trade": "NN01", "members": 5}]),
        coverage=tables.coverage({"00688": 100}),
    )
    got = row(estimate_demand(inputs, PARAMS), "024", "NN01")
    # 00688 stands for all 3,000 households of 024: weight 3,000 / 100
    assert got["estimate"] == pytest.approx(150)
    assert got["communes"] == 1
    assert math.isnan(got["moe"])


def test_grouping_by_commune():
    inputs = tables.inputs(
        wishes=tables.wishes(
            [
                {"commune": "00688", "trade": "NN01", "members": 3},
                {"commune": "00691", "trade": "NN01", "members": 4},
            ]
        )
    )
    demand = estimate_demand(inputs, Parameters(grouping_unit="commune"))
    assert list(demand["unit"]) == ["00688", "00691"]
    assert list(demand["estimate"]) == [30, 80]
    assert demand["moe"].isna().all()


def test_choice_weights_are_a_parameter():
    inputs = tables.inputs(
        wishes=tables.wishes(
            [{"commune": "00688", "trade": "NN01", "rank": r, "members": 1} for r in (1, 2, 3)]
        )
    )
    assert row(estimate_demand(inputs, PARAMS), "024", "NN01")["raw"] == 1.75
    equal = Parameters(choice_weights=(1, 1, 1))
    assert row(estimate_demand(inputs, equal), "024", "NN01")["raw"] == 3
    assert row(estimate_demand(inputs, equal), "024", "NN01")["members"] == 3


def test_weights_given_with_the_wishes_are_used():
    wishes = tables.wishes(
        [
            {"commune": "00688", "trade": "NN01", "members": 2, "weight": 7.5},
            {"commune": "00691", "trade": "NN01", "members": 1, "weight": 12.0},
        ]
    )
    got = row(estimate_demand(tables.inputs(wishes=wishes), PARAMS), "024", "NN01")
    assert got["estimate"] == 2 * 7.5 + 12
    # the margin still uses the communes' household shares (1/3, 2/3)
    squares = (15 - 27 / 3) ** 2 + (12 - 2 * 27 / 3) ** 2
    assert got["moe"] == pytest.approx(1.96 * math.sqrt(2 * squares))


def test_households_below_those_surveyed_give_weight_one():
    regions = tables.regions({"024": {"00688": 50, "00691": 2000}})
    coverage = tables.coverage({"00688": 80, "00691": 100})
    design = commune_weights(coverage, regions, PARAMS).set_index("commune")
    # 00688: 50 households in the census, 80 surveyed → 80; unit 2,080, all surveyed
    assert design.loc["00688", "weight"] == 1
    assert design.loc["00688", "share"] == pytest.approx(80 / 2080)


def test_levels_and_trades_are_estimated_apart():
    inputs = tables.inputs(
        wishes=tables.wishes(
            [
                {"commune": "00688", "trade": "NN01", "level": "so_cap"},
                {"commune": "00688", "trade": "NN01", "level": "thuong_xuyen", "members": 2},
                {"commune": "00712", "trade": "DL01"},
            ]
        )
    )
    demand = estimate_demand(inputs, PARAMS)
    assert list(
        zip(demand["unit"], demand["trade"], demand["level"], demand["members"], strict=True)
    ) == [
        ("024", "NN01", "so_cap", 1),
        ("024", "NN01", "thuong_xuyen", 2),
        ("026", "DL01", "so_cap", 1),
    ]


def test_an_empty_survey_gives_an_empty_table():
    demand = estimate_demand(tables.inputs(), PARAMS)
    assert demand.empty
    assert list(demand.columns) == [
        "unit",
        "trade",
        "level",
        "members",
        "raw",
        "estimate",
        "moe",
        "communes",
    ]


communes = st.sampled_from(["00688", "00691", "00712", "00715", "00718"])
wish_rows = st.fixed_dictionaries(
    {
        "commune": communes,
        "trade": st.sampled_from(["NN01", "NN02", "DL01"]),
        "rank": st.integers(1, 3),
        "members": st.integers(1, 5),
    }
)


@settings(max_examples=20, deadline=None)
@given(st.lists(wish_rows, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_estimates_add_up_and_ignore_row_order(rows, rnd):
    inputs = tables.inputs(wishes=tables.wishes(rows))
    shuffled_rows = list(rows)
    rnd.shuffle(shuffled_rows)
    shuffled = tables.inputs(wishes=tables.wishes(shuffled_rows))
    assert shuffled.fingerprint() == inputs.fingerprint()
    demand = estimate_demand(inputs, PARAMS)
    pd.testing.assert_frame_equal(demand, estimate_demand(shuffled, PARAMS))
    # 100 households surveyed in every commune of the default province: weight N_c / 100
    expected = {}
    for r in rows:
        district = next(d for d, cs in tables.DISTRICTS.items() if r["commune"] in cs)
        households = tables.DISTRICTS[district][r["commune"]]
        choice = PARAMS.choice_weights[r["rank"] - 1]
        expected[district] = expected.get(district, 0) + households / 100 * choice * r["members"]
    by_unit = demand.groupby("unit")["estimate"].sum()
    assert by_unit.to_dict() == pytest.approx(expected)
    # the one place weights apply: the wishes' estimates sum to the demand table
    expanded = expand(inputs.wishes, inputs.coverage, inputs.regions, PARAMS)
    assert demand["estimate"].sum() == pytest.approx(expanded["estimate"].sum())
    assert demand["members"].sum() == sum(r["members"] for r in rows)
    assert (demand["moe"] >= 0).all()
    # every commune of the default province is surveyed: every unit has a margin
    assert (demand["communes"] >= 2).all()


def test_job_openings_per_unit_trade_and_level():
    jobs = tables.jobs(
        [
            {
                "business": "B1",
                "district": "024",
                "trade": "NN01",
                "workers": 5,
                "provide_trainers": True,
            },
            {
                "business": "B2",
                "district": "024",
                "commune": "00691",
                "trade": "NN01",
                "workers": 3,
                "commit_to_hire": True,
            },
            {
                "business": "B3",
                "district": "024",
                "trade": "NN01",
                "workers": 0,
                "provide_workshop": True,
            },
            {
                "business": "B1",
                "district": "026",
                "trade": "DL01",
                "level": "thuong_xuyen",
                "workers": 2,
            },
        ]
    )
    inputs = tables.inputs(jobs=jobs)
    openings = job_openings(inputs, PARAMS).set_index(["unit", "trade", "level"])
    nn01 = openings.loc[("024", "NN01", "so_cap")]
    assert (nn01["openings"], nn01["businesses"]) == (8, 2)
    assert (nn01["provide_trainers"], nn01["provide_workshop"], nn01["commit_to_hire"]) == (1, 1, 1)
    assert openings.loc[("026", "DL01", "thuong_xuyen"), "openings"] == 2

    by_commune = job_openings(inputs, Parameters(grouping_unit="commune"))
    # a business without a commune is counted at its district, not dropped
    assert sorted(zip(by_commune["unit"], by_commune["openings"], strict=True)) == [
        ("00691", 3),
        ("024", 5),
        ("026", 2),
    ]
    assert by_commune["openings"].sum() == 10


def test_no_jobs_give_an_empty_table():
    openings = job_openings(tables.inputs(), PARAMS)
    assert openings.empty and "businesses" in openings.columns
    assert np.issubdtype(openings["openings"].dtype, np.integer)


def test_levels_pooled_and_unit_totals_have_their_own_margins():
    inputs = tables.inputs(
        wishes=tables.wishes(
            [
                {"commune": "00712", "trade": "DL01"},
                {"commune": "00712", "trade": "NN01", "level": "thuong_xuyen"},
                {"commune": "00715", "trade": "NN01", "members": 2},
            ]
        )
    )
    # 026: weights 15 (00712), 5 (00715), 10 (00718); shares 1/2, 1/6, 1/3
    shares = {"00712": 0.5, "00715": 1 / 6, "00718": 1 / 3}

    def margin(by_commune):
        total = sum(by_commune.values())
        squares = sum((by_commune.get(c, 0) - p * total) ** 2 for c, p in shares.items())
        return 1.96 * math.sqrt(3 / 2 * squares)

    pooled = estimate_demand(inputs, PARAMS, by=("trade",)).set_index(["unit", "trade"])
    assert pooled.loc[("026", "NN01"), "estimate"] == 15 + 10
    assert pooled.loc[("026", "NN01"), "moe"] == pytest.approx(margin({"00712": 15, "00715": 10}))
    totals = estimate_demand(inputs, PARAMS, by=()).set_index("unit")
    assert totals.loc["026", "estimate"] == 40
    assert totals.loc["026", "moe"] == pytest.approx(margin({"00712": 30, "00715": 10}))
    assert list(totals.columns) == ["members", "raw", "estimate", "moe", "communes"]


def test_the_report_table_has_units_by_trades_with_raw_counts_and_totals():
    inputs = tables.inputs(
        wishes=tables.wishes(
            [
                {"commune": "00688", "trade": "NN01", "members": 3},
                {"commune": "00691", "trade": "NN01", "members": 4, "rank": 2},
                {"commune": "00712", "trade": "DL01"},
            ]
        )
    )
    table = demand_table(inputs, PARAMS)
    assert list(table.index) == ["024", "026", "total"]
    assert list(table.columns.get_level_values("trade").unique()) == ["DL01", "NN01", "total"]
    assert list(table["NN01"].columns) == ["estimate", "moe", "members"]
    nn01 = estimate_demand(inputs, PARAMS, by=("trade",)).set_index(["unit", "trade"])
    assert table.loc["024", ("NN01", "estimate")] == 70
    assert table.loc["024", ("NN01", "members")] == 7
    assert table.loc["024", ("NN01", "moe")] == nn01.loc[("024", "NN01"), "moe"]
    # nobody in 024's two surveyed communes named DL01: a known 0, not an unknown
    assert table.loc["024", ("DL01", "estimate")] == 0
    assert table.loc["024", ("DL01", "moe")] == 0
    # the total row adds the districts, independent strata
    dl01 = nn01.loc[("026", "DL01"), "moe"]
    assert table.loc["total", ("DL01", "estimate")] == 15
    assert table.loc["total", ("DL01", "moe")] == pytest.approx(math.sqrt(0**2 + dl01**2))
    assert table.loc["total", ("total", "estimate")] == 85
    assert table.loc["total", ("total", "members")] == 8
    assert table["NN01", "members"].dtype == "int64"


def test_the_report_table_keeps_unknown_margins_unknown():
    inputs = tables.inputs(
        wishes=tables.wishes([{"commune": "00688", "trade": "NN01"}]),
        coverage=tables.coverage({"00688": 100, "00712": 100, "00715": 100}),
    )
    table = demand_table(inputs, PARAMS)
    assert math.isnan(table.loc["024", ("NN01", "moe")])  # one surveyed commune
    assert table.loc["026", ("NN01", "moe")] == 0  # two communes, none wants it
    assert math.isnan(table.loc["total", ("NN01", "moe")])


def test_the_report_table_of_an_empty_survey_lists_the_units_with_zeros():
    table = demand_table(tables.inputs(), PARAMS)
    assert list(table.index) == ["024", "026", "total"]
    assert list(table.columns) == [("total", "estimate"), ("total", "moe"), ("total", "members")]
    assert (table["total", "estimate"] == 0).all()
