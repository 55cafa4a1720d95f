import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.inputs import (
    InputError,
    Inputs,
    check_allowances,
    check_coverage,
    check_jobs,
    check_regions,
    check_trades,
    check_wishes,
)
from tests.analysis import tables

WISHES = [
    {"commune": "00688", "trade": "NN01", "members": 3},
    {"commune": "00691", "trade": "NN02", "rank": 2, "support_group": "priority"},
    {"commune": "00712", "trade": "DL01", "level": "thuong_xuyen", "small_cap": True},
]
JOBS = [
    {"business": "B1", "district": "024", "trade": "NN01", "workers": 5},
    {"business": "B2", "district": "026", "commune": "00712", "trade": "DL01", "quarter": 3},
]


def build(**tables_):
    defaults = {"wishes": tables.wishes(WISHES), "jobs": tables.jobs(JOBS)}
    return tables.inputs(**defaults | tables_)


def test_tables_are_normalised():
    inputs = build()
    assert inputs.wishes["commune"].dtype == "str"
    assert inputs.wishes["rank"].dtype == "int64"
    assert inputs.wishes["small_cap"].dtype == "bool"
    assert list(inputs.wishes["support_group"]) == ["", "priority", ""]
    assert list(inputs.jobs["quarter"].isna()) == [True, False]
    assert inputs.regions.loc[inputs.regions["code"] == "00688", "households"].item() == 1000


def test_optional_wish_columns_get_their_defaults():
    bare = tables.wishes(WISHES).drop(columns=["support_group", "small_cap", "difficult"])
    wishes = build(wishes=bare).wishes
    assert (wishes["support_group"] == "").all()
    assert not wishes["small_cap"].any() and not wishes["difficult"].any()
    assert "weight" not in wishes.columns


def test_row_order_changes_neither_the_tables_nor_the_fingerprint():
    inputs = build()
    shuffled = build(
        wishes=tables.wishes(WISHES).sample(frac=1, random_state=1),
        regions=tables.regions().sample(frac=1, random_state=2),
        jobs=tables.jobs(JOBS[::-1]),
        class_rules=tables.class_rules()[::-1],
    )
    for name in ("wishes", "regions", "jobs", "class_rules"):
        assert_frame_equal(getattr(inputs, name), getattr(shuffled, name))
    assert shuffled.fingerprint() == inputs.fingerprint()
    assert len(inputs.fingerprint()) == 64


def test_the_fingerprint_follows_every_value():
    changed_wish = tables.wishes([{**WISHES[0], "members": 4}, *WISHES[1:]])
    more_meals = tables.allowances(meals=35_000)
    fingerprints = {
        build().fingerprint(),
        build(wishes=changed_wish).fingerprint(),
        build(allowances=more_meals).fingerprint(),
        build(jobs=tables.jobs(JOBS[:1])).fingerprint(),
    }
    assert len(fingerprints) == 4


def test_an_empty_survey_is_accepted():
    for empty in (pd.DataFrame(), tables.wishes()):
        inputs = build(wishes=empty, jobs=pd.DataFrame())
        assert inputs.wishes.empty and inputs.jobs.empty
        assert "trade" in inputs.wishes.columns and "workers" in inputs.jobs.columns


def bad_wishes(row: int, **change) -> pd.DataFrame:
    """The wishes, indexed 10, 11, 12, with ``change`` made to the row labelled ``row``."""
    frame = tables.wishes(WISHES)
    frame.index = [10, 11, 12]
    for column, value in change.items():
        frame[column] = frame.get(column, pd.Series(np.nan, index=frame.index)).astype(object)
        frame.loc[row, column] = value
    return frame


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"trade": "XX99"}, "wishes: column 'trade', row 11: unknown trade 'XX99'"),
        ({"rank": 4}, "wishes: column 'rank', row 11: 4 is not ≤ 3"),
        ({"rank": "first"}, "wishes: column 'rank', row 11: 'first' is not a number"),
        ({"members": 0}, "wishes: column 'members', row 11: 0 is not ≥ 1"),
        ({"members": 1.5}, "wishes: column 'members', row 11: 1.5 is not a whole number"),
        ({"level": "dai_hoc"}, "wishes: column 'level', row 11: 'dai_hoc' is not one of"),
        ({"place": "abroad"}, "wishes: column 'place', row 11: 'abroad' is not one of"),
        ({"commune": "688"}, "wishes: column 'commune', row 11: '688' is not a valid code"),
        ({"commune": None}, "wishes: column 'commune', row 11: missing value"),
        ({"commune": "00999"}, "wishes: column 'commune', row 11: unknown commune '00999'"),
        (
            {"district": "026"},
            "wishes: column 'district', row 11: '026' is not the district of the commune",
        ),
        ({"support_group": "vip"}, "wishes: column 'support_group', row 11: unknown support"),
        ({"small_cap": "maybe"}, "wishes: column 'small_cap', row 11: 'maybe' is not true or"),
        ({"lat": 123.0}, "wishes: column 'lat', row 11: 123.0 is not ≤ 90"),
    ],
)
def test_a_bad_wish_is_refused_naming_column_and_row(change, message):
    with pytest.raises(InputError) as caught:
        build(wishes=bad_wishes(11, **change))
    assert str(caught.value).startswith(message)
    assert (caught.value.table, caught.value.row) == ("wishes", 11)


def test_nan_weights_are_refused():
    wishes = tables.wishes(WISHES).assign(weight=[10.0, np.nan, 20.0])
    with pytest.raises(InputError, match="wishes: column 'weight', row 1: missing value"):
        build(wishes=wishes)
    with pytest.raises(InputError, match="wishes: column 'weight', row 0: 0.0 is not > 0"):
        build(wishes=wishes.assign(weight=0.0))


def test_a_missing_column_is_named():
    with pytest.raises(InputError, match="^wishes: column 'trade': is missing$"):
        build(wishes=tables.wishes(WISHES).drop(columns="trade"))
    with pytest.raises(InputError, match="^jobs: column 'workers': is missing$"):
        build(jobs=tables.jobs(JOBS).drop(columns="workers"))


def test_a_wish_from_a_commune_nobody_surveyed_is_refused():
    coverage = tables.coverage({"00688": 100, "00691": 0, "00712": 50})
    with pytest.raises(InputError, match="column 'commune', row 1: commune '00691' has no surv"):
        build(coverage=coverage)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"workers": -1}, "jobs: column 'workers', row 0: -1 is not ≥ 0"),
        ({"trade": "XX99"}, "jobs: column 'trade', row 0: unknown trade 'XX99'"),
        ({"district": "099"}, "jobs: column 'district', row 0: unknown district '099'"),
        ({"quarter": 5}, "jobs: column 'quarter', row 0: 5.0 is not ≤ 4"),
        ({"quarter": 2.5}, "jobs: column 'quarter', row 0: 2.5 is not a quarter"),
        ({"business": ""}, "jobs: column 'business', row 0: missing value"),
    ],
)
def test_a_bad_job_is_refused(change, message):
    with pytest.raises(InputError) as caught:
        build(jobs=tables.jobs([{**JOBS[0], **change}, JOBS[1]]))
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("check", "make", "message"),
    [
        (check_regions, lambda: tables.regions().iloc[:0], "regions: the table is empty"),
        (check_trades, lambda: tables.trades().iloc[:0], "trades: the table is empty"),
        (check_allowances, lambda: tables.allowances().iloc[:2], "no row for 'travel_difficult'"),
        (
            check_coverage,
            lambda: pd.concat([tables.coverage(), tables.coverage().iloc[:1]], ignore_index=True),
            "coverage: column 'commune', row 5: commune repeated ('00688')",
        ),
        (
            check_regions,
            lambda: tables.regions().assign(parent=lambda f: f["parent"].replace("026", "099")),
            "regions: column 'parent', row 5: unknown parent '099'",
        ),
        (
            check_regions,
            lambda: tables.regions().assign(lat=lambda f: f["lat"].where(f["code"] != "00715")),
            "regions: column 'lat', row 6: a commune needs its centroid",
        ),
        (
            check_trades,
            lambda: tables.trades().assign(typical_duration_months=0),
            "trades: column 'typical_duration_months', row 0: 0 is not > 0",
        ),
        (check_wishes, lambda: [1, 2], "wishes: expected a table (DataFrame), got list"),
        (
            check_jobs,
            lambda: tables.jobs(JOBS).assign(co_fund=[1, 2]),
            "jobs: column 'co_fund', row 1: 2 is not true or false",
        ),
    ],
)
def test_a_bad_reference_table_is_refused(check, make, message):
    with pytest.raises(InputError) as caught:
        check(make())
    assert message in str(caught.value)


def test_inputs_are_frozen():
    inputs = build()
    with pytest.raises(AttributeError):
        inputs.wishes = pd.DataFrame()
    assert isinstance(inputs, Inputs)


def test_identical_wishes_are_summed_into_one_row():
    rows = [
        {"commune": "00688", "trade": "NN01", "members": 2},
        {"commune": "00688", "trade": "NN01", "members": 3},
        {"commune": "00688", "trade": "NN01", "members": 1, "place": "commune"},
    ]
    wishes = build(wishes=tables.wishes(rows)).wishes
    assert list(zip(wishes["place"], wishes["members"], strict=True)) == [
        ("commune", 1),
        ("district", 5),
    ]
    with_ids = tables.wishes(rows).assign(response_id=["r1", "r2", "r3"])
    assert len(build(wishes=with_ids).wishes) == 3
