"""Demand for training and job openings per grouping unit × trade × level (DESIGN.md §5.1).

The estimator
-------------
Let unit u be a district (or a commune, ``Parameters.grouping_unit``), c a commune of u with N_c
households (regions; taken as at least n_c when the 2019 census lags) of which n_c ≥ 1 were
surveyed (coverage; households where nobody wants training count), S_u the surveyed communes of u
and N_u the households of every commune of u. A member's wish counts ``choice_weights[rank - 1]``
(1, 0.5, 0.25 by default) times the members its row stands for.

* Survey weight of a household in c: w_c = (N_c / n_c) × (N_u / Σ_{S_u} N_c). The first factor
  expands the surveyed households to their commune, the second lets the surveyed communes stand
  for the unit's unsurveyed ones in proportion to households. This is the ratio estimator over
  communes as clusters: the unit total is N_u × (Σ_{S_u} Ŷ_c) / (Σ_{S_u} N_c). When every commune
  of u was surveyed the second factor is 1. A ``weight`` column in the wishes replaces w_c.
* Estimate for u × trade × level: Ŷ = Σ_c Y_c, with Y_c = Σ weight × choice weight × members over
  the commune's wishes for that trade and level.
* Margin at 95 %: 1.96 × √v (normal approximation), with v the with-replacement ("ultimate
  cluster") variance of the ratio estimator, communes being the primary sampling units within u:
  v = m / (m − 1) × Σ_{c ∈ S_u} (Y_c − p_c Ŷ)², where m = |S_u| and p_c = N_c / Σ_{S_u} N_c. Every
  surveyed commune enters the sum, those where nobody wants the trade with Y_c = 0. The
  with-replacement approximation ignores the finite population correction: it overstates the
  margin when most of a unit's communes were surveyed, and 1.96 understates it when there are very
  few (a t quantile with m − 1 degrees of freedom would be wider).
* A unit with a single surveyed commune (always the case with ``grouping_unit="commune"``) has no
  between-commune spread to measure, and aggregated rows do not tell households apart: its margin
  is NaN (unknown), never 0.
"""

import numpy as np
import pandas as pd

from analysis.inputs import JOB_FLAGS, InputError, Inputs
from analysis.params import Parameters

Z_95 = 1.96
"""The normal quantile of a two-sided 95 % interval."""

DEMAND_COLUMNS = ["unit", "trade", "level", "members", "raw", "estimate", "moe", "communes"]
OPENINGS_COLUMNS = ["unit", "trade", "level", "openings", "businesses", *JOB_FLAGS]


def commune_weights(coverage: pd.DataFrame, regions: pd.DataFrame, params: Parameters):
    """The survey design per surveyed commune: its unit, households (N_c), households surveyed
    (n_c), survey weight (w_c) and share of its unit's surveyed households (p_c)."""
    communes = regions.loc[regions["kind"] == "commune", ["code", "parent", "households"]]
    surveyed_by_commune = coverage.set_index("commune")["households_surveyed"]
    surveyed = communes["code"].map(surveyed_by_commune).fillna(0).astype("int64")
    households = np.maximum(communes["households"], surveyed)
    unit = communes["parent"] if params.grouping_unit == "district" else communes["code"]
    unit_households = households.groupby(unit).transform("sum")
    sampled_households = households.where(surveyed > 0, 0).groupby(unit).transform("sum")
    design = pd.DataFrame(
        {
            "commune": communes["code"],
            "unit": unit,
            "households": households,
            "households_surveyed": surveyed,
            "weight": households / surveyed * unit_households / sampled_households,
            "share": households / sampled_households,
        }
    )
    return design[surveyed > 0].sort_values("commune").reset_index(drop=True)


def expand(
    wishes: pd.DataFrame, coverage: pd.DataFrame, regions: pd.DataFrame, params: Parameters
) -> pd.DataFrame:
    """The wishes with their ``unit``, survey ``weight`` (unless given), ``raw`` = choice weight
    × members and ``estimate`` = weight × raw: the one place choice and survey weights apply."""
    unit = wishes["district"] if params.grouping_unit == "district" else wishes["commune"]
    out = wishes.assign(unit=unit)  # copy-on-write: the wishes' columns are not copied
    if "weight" not in out.columns:
        design = commune_weights(coverage, regions, params).set_index("commune")
        out["weight"] = out["commune"].map(design["weight"]).astype("float64")
        bad = out["weight"].isna().to_numpy()
        if bad.any():
            row = int(np.argmax(bad))
            commune = out["commune"].iloc[row]
            raise InputError(
                "wishes",
                f"commune '{commune}' has no surveyed households in coverage",
                column="commune",
                row=out.index[row],
            )
    choice = np.asarray(params.choice_weights, dtype="float64")
    out["raw"] = choice[out["rank"].to_numpy(dtype="int64") - 1] * out["members"]
    out["estimate"] = out["weight"] * out["raw"]
    return out


def estimate_demand(
    inputs: Inputs, params: Parameters, by: tuple[str, ...] = ("trade", "level")
) -> pd.DataFrame:
    """Demand per unit × trade × level: ``members`` (members naming the trade at any rank,
    unweighted), ``raw`` (choice-weighted, unweighted), ``estimate`` (weighted), ``moe`` (its
    95 % margin; NaN for a unit with one surveyed commune) and ``communes`` (surveyed communes
    in the unit, m). The method is in this module's docstring.

    ``by`` names the wishes columns estimated apart within a unit: ``("trade",)`` pools the
    levels, ``()`` gives each unit's total (with its own margin, not a sum of margins).
    """
    by = list(by)
    keys = ["unit", *by]
    columns = [*keys, *DEMAND_COLUMNS[3:]]
    if inputs.wishes.empty:
        return _empty(columns, members="int64", communes="int64")
    wishes = expand(inputs.wishes, inputs.coverage, inputs.regions, params)
    design = commune_weights(inputs.coverage, inputs.regions, params)
    # a commune lies in one unit: group the many wishes by commune, then the few sums by unit
    per_commune = wishes.groupby(["commune", *by], sort=False).agg(
        members=("members", "sum"), raw=("raw", "sum"), estimate=("estimate", "sum")
    )
    per_commune = per_commune.reset_index()
    by_commune = design.set_index("commune")
    per_commune["unit"] = per_commune["commune"].map(by_commune["unit"])
    share = per_commune["commune"].map(by_commune["share"])
    per_commune["square"] = per_commune["estimate"] ** 2
    per_commune["shared"] = share * per_commune["estimate"]
    demand = per_commune.groupby(keys).agg(
        members=("members", "sum"),
        raw=("raw", "sum"),
        estimate=("estimate", "sum"),
        square=("square", "sum"),
        shared=("shared", "sum"),
    )
    demand = demand.reset_index()
    m, share2 = _unit_design(design, demand["unit"])
    y = demand["estimate"]
    # Σ_c (Y_c − p_c Ŷ)² over every surveyed commune, expanded so that communes without the
    # trade (Y_c = 0) enter only through Σ p_c²; rounding can leave it a hair below 0.
    squares = (demand["square"] - 2 * y * demand["shared"] + y**2 * share2).clip(lower=0)
    variance = (m / (m - 1).where(m > 1)) * squares
    demand["moe"] = Z_95 * np.sqrt(variance)
    demand["communes"] = m
    return demand[columns].sort_values(keys, ignore_index=True)


def _unit_design(design: pd.DataFrame, units: pd.Series):
    """Per row of ``units``: the unit's surveyed communes (m) and Σ p_c² over them."""
    grouped = design.assign(share2=design["share"] ** 2).groupby("unit")
    return units.map(grouped.size()).astype("int64"), units.map(grouped["share2"].sum())


TOTAL = "total"
"""The label of the table's total row (all units) and total column (all trades)."""


def demand_table(inputs: Inputs, params: Parameters) -> pd.DataFrame:
    """The report's unit × trade demand table, levels pooled.

    One row per unit with surveyed communes, sorted, then a ``"total"`` row (all units); per trade
    (sorted), then a ``"total"`` column (all trades), three columns under a two-level header:
    ``(trade, "estimate")``, ``(trade, "moe")`` and ``(trade, "members")`` (the raw count beside
    the estimate). A unit where nobody named a trade has estimate 0 and members 0, and a margin
    of 0 when it has two surveyed communes or more (every one of them observed none), NaN
    otherwise. The units' total is estimated by unit; the total row adds the units up, units
    being independent strata (its margin is √Σ moe², unknown when any unit's is).
    """
    design = commune_weights(inputs.coverage, inputs.regions, params)
    units = pd.Index(sorted(design["unit"].unique()), name="unit")
    cells = estimate_demand(inputs, params, by=("trade",))
    totals = estimate_demand(inputs, params, by=()).assign(trade=TOTAL)
    long = pd.concat([cells, totals], ignore_index=True)
    trades = [*sorted(cells["trade"].unique()), TOTAL]
    measures = ["estimate", "moe", "members"]
    wide = long.pivot(index="unit", columns="trade", values=measures)
    wide = wide.reindex(index=units, columns=pd.MultiIndex.from_product([measures, trades]))
    m, _ = _unit_design(design, units.to_series())
    zero_if_observed = pd.Series(np.where(m > 1, 0.0, np.nan), index=units)
    wide["estimate"] = wide["estimate"].fillna(0.0)
    wide["members"] = wide["members"].fillna(0)
    total = {}
    for trade in trades:
        wide["moe", trade] = wide["moe", trade].fillna(zero_if_observed)
        total["estimate", trade] = wide["estimate", trade].sum()
        total["members", trade] = wide["members", trade].sum()
        total["moe", trade] = np.sqrt((wide["moe", trade] ** 2).sum(skipna=False))
    wide.loc[TOTAL] = pd.Series(total)
    table = wide.swaplevel(axis=1).reindex(
        columns=pd.MultiIndex.from_product([trades, measures], names=["trade", "measure"])
    )
    return table.astype({(t, "members"): "int64" for t in trades})


def job_openings(inputs: Inputs, params: Parameters) -> pd.DataFrame:
    """Openings per unit × trade × level: ``openings`` (workers wanted), ``businesses`` (how
    many want at least one worker) and, per cooperation flag, how many businesses offer it.

    With ``grouping_unit="commune"``, a business that gave no commune is counted at its district
    (a 3-digit unit) rather than dropped.
    """
    jobs = inputs.jobs
    if jobs.empty:
        return _empty(
            OPENINGS_COLUMNS,
            openings="int64",
            businesses="int64",
            **dict.fromkeys(JOB_FLAGS, "int64"),
        )
    if params.grouping_unit == "district":
        unit = jobs["district"]
    else:
        unit = jobs["commune"].where(jobs["commune"] != "", jobs["district"])
    keys = ["unit", "trade", "level"]
    frame = jobs.assign(
        unit=unit,
        hiring=jobs["business"].where(jobs["workers"] > 0),
        **{flag: jobs["business"].where(jobs[flag]) for flag in JOB_FLAGS},
    )
    openings = frame.groupby(keys).agg(
        openings=("workers", "sum"),
        businesses=("hiring", "nunique"),
        **{flag: (flag, "nunique") for flag in JOB_FLAGS},
    )
    return openings.reset_index()[OPENINGS_COLUMNS].sort_values(keys, ignore_index=True)


_TEXT = {"unit", "trade", "level"}


def _empty(columns: list[str], **dtypes) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=dtypes.get(c, "str" if c in _TEXT else "float64")) for c in columns}
    )
