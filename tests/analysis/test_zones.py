import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.estimator_checks import parametrize_with_checks

from analysis.demand import estimate_demand
from analysis.params import Parameters
from analysis.zones import DemandZones, demand_profile, describe_zones, fit_zones
from tests.analysis import tables

PARAMS = Parameters()


@parametrize_with_checks([DemandZones()])
def test_sklearn_conventions(estimator, check):
    check(estimator)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_zones_are_recovered_with_their_top_trades(seed):
    inputs, planted, favourites = tables.planted_province(seed=seed)
    demand = estimate_demand(inputs, PARAMS)
    profile, zones = fit_zones(demand, PARAMS)
    assert zones.n_zones_ == 3
    assert adjusted_rand_score([planted[u] for u in profile.index], zones.labels_) >= 0.9
    assert zones.silhouette_ >= PARAMS.min_silhouette
    for zone in describe_zones(demand, zones.labels_, top=3):
        planted_zone = planted[zone.units[0]]
        assert {planted[u] for u in zone.units} == {planted_zone}
        assert {trade for trade, _ in zone.top_trades} == set(favourites[planted_zone])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_uniform_demand_gives_one_zone(seed):
    inputs, _, _ = tables.planted_province(seed=seed, structured=False)
    _, zones = fit_zones(estimate_demand(inputs, PARAMS), PARAMS)
    assert zones.n_zones_ == 1
    assert (zones.labels_ == 0).all()
    assert math.isnan(zones.silhouette_)
    assert zones.homogeneity_p_ >= PARAMS.zone_test_alpha


def test_noise_alone_is_not_split_even_when_the_silhouette_flatters_it():
    # Eleven districts drawing 400 members each from one distribution over four trades: the
    # best silhouette of their shares (k = 2…6) is about 0.43, well above 0.25.
    rng = np.random.default_rng(0)
    counts = pd.DataFrame(
        rng.multinomial(400, np.full(4, 1 / 4), size=11),
        index=[f"{100 + i}" for i in range(11)],
        columns=["A", "B", "C", "D"],
    )
    shares = counts.div(counts.sum(axis=1), axis=0)
    alone = DemandZones().fit(shares)
    assert alone.n_zones_ > 1  # the silhouette alone would invent zones
    assert alone.silhouette_ > 0.4
    tested = DemandZones().fit(shares, counts=counts)
    assert tested.n_zones_ == 1
    assert tested.homogeneity_p_ > 0.5


def test_counts_must_match_the_profiles():
    profile = pd.DataFrame({"A": [1.0, 0.0, 0.5], "B": [0.0, 1.0, 0.5]})
    with pytest.raises(ValueError, match=r"counts has shape \(2, 2\), X has \(3, 2\)"):
        DemandZones().fit(profile, counts=[[1, 0], [0, 1]])


def test_row_order_never_changes_the_zones():
    inputs, _, _ = tables.planted_province(seed=4)
    profile = demand_profile(estimate_demand(inputs, PARAMS))
    zones = DemandZones().fit(profile)
    shuffled = profile.sample(frac=1, random_state=7)
    again = DemandZones().fit(shuffled)
    by_unit = dict(zip(profile.index, zones.labels_, strict=True))
    assert dict(zip(shuffled.index, again.labels_, strict=True)) == by_unit
    # zones are numbered by their first unit code
    assert by_unit[profile.index[0]] == 0
    firsts = [min(u for u in by_unit if by_unit[u] == z) for z in range(zones.n_zones_)]
    assert firsts == sorted(firsts)
    # an array fits the same zones as the table it came from
    assert adjusted_rand_score(DemandZones().fit(profile.to_numpy()).labels_, zones.labels_) == 1


def test_too_few_units_make_one_zone():
    profile = pd.DataFrame({"A": [1.0, 0.0], "B": [0.0, 1.0]}, index=["101", "100"])
    zones = DemandZones().fit(profile)
    assert zones.n_zones_ == 1 and zones.scores_ == {}


def test_describe_zones_pools_estimates_or_averages_shares():
    demand = pd.DataFrame(
        {
            "unit": ["100", "100", "101", "102"],
            "trade": ["A", "B", "A", "C"],
            "level": "so_cap",
            "estimate": [30.0, 10.0, 60.0, 5.0],
        }
    )
    labels = pd.Series([0, 0, 1], index=["100", "101", "102"])
    pooled = describe_zones(demand, labels, top=2)
    # zone 0: A = 30 + 60, B = 10 of 100
    assert pooled[0] == (0, ("100", "101"), (("A", 0.9), ("B", 0.1)))
    assert pooled[1] == (1, ("102",), (("C", 1.0),))
    averaged = describe_zones(demand_profile(demand), [0, 0, 1], top=3)
    # zone 0: A = (0.75 + 1) / 2, B = 0.25 / 2; C has no share and is not listed
    assert averaged[0].top_trades == (("A", 0.875), ("B", 0.125))


def test_profile_shares_sum_to_one_per_unit():
    inputs, _, _ = tables.planted_province(seed=0)
    profile = demand_profile(estimate_demand(inputs, PARAMS))
    assert list(profile.index) == sorted(profile.index)
    assert list(profile.columns) == sorted(profile.columns)
    assert np.allclose(profile.sum(axis=1), 1)


def test_an_empty_demand_fits_no_zone():
    profile, zones = fit_zones(estimate_demand(tables.inputs(), PARAMS), PARAMS)
    assert profile.empty
    assert not hasattr(zones, "labels_")
