"""Zones: units with alike demand profiles, that can share programmes and trainers (DESIGN.md §5.2).

A unit's profile is its share of estimated demand per trade (levels pooled). ``DemandZones``
clusters profiles with k-means for every k in ``k_range`` and keeps the k with the best silhouette;
when no k reaches ``min_silhouette`` (or there are too few distinct units to split) every unit is in
one zone, rather than zones invented from noise. Results never depend on row order: the rows are
fitted in a canonical order and zones are numbered by their first unit (zone 0 holds the first).
"""

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.utils.validation import validate_data
from threadpoolctl import threadpool_limits

from analysis.params import Parameters

N_INIT = 4
"""k-means restarts per k: enough for profiles of a few hundred units, and fast."""


class DemandZones(ClusterMixin, BaseEstimator):
    """Group units (rows) by their demand profile (columns: shares per trade).

    Parameters
    ----------
    k_range : (int, int)
        The smallest and largest number of zones tried (capped by the distinct units, less one).
    min_silhouette : float
        The silhouette the best k must reach for more than one zone.
    sample_size : int
        Units sampled to compute each silhouette (exact below this).
    random_state : int
        Seed of k-means and of the silhouette's sample.
    test_alpha : float
        With ``fit(X, counts=...)``: when a chi-square test of homogeneity on the counts gives a
        p-value of ``test_alpha`` or more, the profiles differ no more than sampling noise would
        make them, and every unit is in one zone. (The silhouette alone cannot tell: a dozen units
        drawing from one distribution over a few trades often score 0.3–0.5.)

    Attributes
    ----------
    labels_ : ndarray of int, the zone of each row, numbered 0… in the order of the rows' first
        appearance (by index when X is a DataFrame, else in the canonical row order).
    n_zones_ : int
    silhouette_ : float, the silhouette of the zones kept; NaN for a single zone.
    scores_ : dict, the silhouette of every k tried.
    homogeneity_p_ : float, the test's p-value; NaN without counts.
    """

    def __init__(
        self, k_range=(2, 6), min_silhouette=0.25, sample_size=2000, random_state=0, test_alpha=0.05
    ):
        self.k_range = k_range
        self.min_silhouette = min_silhouette
        self.sample_size = sample_size
        self.random_state = random_state
        self.test_alpha = test_alpha

    def fit(self, X, y=None, counts=None):
        """Fit on profiles X (units × trades); ``counts``, the members behind them (same shape),
        lets the homogeneity test stop zones being drawn from noise."""
        names = X.index if isinstance(X, pd.DataFrame) else None
        data = validate_data(self, X, dtype=np.float64)
        n = data.shape[0]
        if counts is not None and np.shape(counts) != data.shape:
            raise ValueError(f"counts has shape {np.shape(counts)}, X has {data.shape}")
        self.homogeneity_p_ = float("nan") if counts is None else _homogeneity_p(counts)
        # fit on rows sorted by value, so that row order never changes the zones
        fit_order = np.lexsort(data.T[::-1])
        rows = data[fit_order]
        low, high = self.k_range
        high = min(high, len(np.unique(rows, axis=0)), n - 1)
        if self.homogeneity_p_ >= self.test_alpha:
            high = 0
        self.scores_ = {}
        best = None
        # a few hundred units: OpenMP threads cost far more than they save (ten times slower
        # on two busy cores), and one thread sums in one order
        with threadpool_limits(1, user_api="openmp"):
            for k in range(low, high + 1):
                labels = KMeans(n_clusters=k, n_init=N_INIT, random_state=self.random_state)
                labels = labels.fit_predict(rows)
                sample = self.sample_size if n > self.sample_size else None
                score = silhouette_score(
                    rows, labels, sample_size=sample, random_state=self.random_state
                )
                self.scores_[k] = float(score)
                if best is None or score > best[0]:
                    best = (float(score), labels)
        labels = np.zeros(n, dtype=np.int64)
        self.silhouette_ = float("nan")
        if best is not None and best[0] >= self.min_silhouette:
            self.silhouette_ = best[0]
            labels[fit_order] = best[1]
        # number zones by first appearance: by unit code for a profile, else canonical row order
        if names is not None:
            name_order = np.argsort(np.asarray(names, dtype=str), kind="stable")
        else:
            name_order = fit_order
        _, first = np.unique(labels[name_order], return_index=True)
        renumber = np.empty(len(first), dtype=np.int64)
        renumber[np.argsort(first)] = np.arange(len(first))
        self.labels_ = renumber[np.searchsorted(np.unique(labels), labels)]
        self.n_zones_ = len(first)
        return self


def _homogeneity_p(counts) -> float:
    """p-value of the chi-square test that every row's counts come from one distribution."""
    table = np.asarray(counts, dtype=np.float64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if table.shape[0] < 2 or table.shape[1] < 2:
        return 1.0
    return float(chi2_contingency(table, correction=False).pvalue)


def demand_profile(demand: pd.DataFrame, value: str = "estimate") -> pd.DataFrame:
    """Units × trades shares of estimated demand (levels pooled), units and trades sorted; a unit
    with no estimated demand has no profile and is left out. ``value="members"`` gives the
    members behind each share instead (counts, not shares), for the homogeneity test."""
    totals = demand.groupby(["unit", "trade"])[value].sum().unstack("trade", fill_value=0)
    totals = totals.sort_index().sort_index(axis=1)
    estimated = demand.groupby("unit")["estimate"].sum().reindex(totals.index)
    totals = totals[estimated > 0]
    totals.columns.name = None
    totals.index.name = "unit"
    return totals if value == "members" else totals.div(totals.sum(axis=1), axis=0)


def fit_zones(demand: pd.DataFrame, params: Parameters):
    """The demand profile and ``DemandZones`` fitted on it (with the members behind it, for the
    homogeneity test); an empty profile gives an unfitted estimator."""
    profile = demand_profile(demand)
    zones = DemandZones(
        k_range=params.zone_k_range,
        min_silhouette=params.min_silhouette,
        sample_size=params.silhouette_sample_size,
        random_state=params.random_state,
        test_alpha=params.zone_test_alpha,
    )
    if profile.empty:
        return profile, zones
    return profile, zones.fit(profile, counts=demand_profile(demand, "members"))


class ZoneProfile(NamedTuple):
    zone: int
    units: tuple[str, ...]
    top_trades: tuple[tuple[str, float], ...]
    """(trade, share of the zone's demand), largest first."""


def describe_zones(profile_or_demand: pd.DataFrame, labels, top: int = 3) -> list[ZoneProfile]:
    """Each zone's units and top trades.

    Given the demand table (unit, trade, estimate…) a zone's shares pool its units' estimates;
    given a profile, they are the mean of its units' shares. ``labels`` is a Series unit → zone,
    or the zones in the profile's row order. Ties go to the smaller trade code.
    """
    pooled = {"unit", "trade", "estimate"} <= set(profile_or_demand.columns)
    if pooled:
        grouped = profile_or_demand.groupby(["unit", "trade"])["estimate"].sum()
        table = grouped.unstack("trade", fill_value=0.0)
        index = demand_profile(profile_or_demand).index
    else:
        table, index = profile_or_demand, profile_or_demand.index
    if not isinstance(labels, pd.Series):
        labels = pd.Series(np.asarray(labels), index=index)
    by_zone = table.loc[labels.index].groupby(labels.to_numpy())
    if pooled:
        sums = by_zone.sum()
        shares = sums.div(sums.sum(axis=1), axis=0)
    else:
        shares = by_zone.mean()
    described = []
    for zone, row in shares.sort_index().iterrows():
        ranked = row[row > 0].rename_axis("trade").reset_index(name="share")
        ranked = ranked.sort_values(["share", "trade"], ascending=[False, True]).head(top)
        units = tuple(sorted(labels.index[labels.to_numpy() == zone]))
        trades = tuple((t, float(s)) for t, s in zip(ranked["trade"], ranked["share"], strict=True))
        described.append(ZoneProfile(int(zone), units, trades))
    return described
