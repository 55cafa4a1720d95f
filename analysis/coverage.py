"""How well each grouping unit was surveyed, and its total demand with the margin of error.

What a report says beside the estimates: the communes and households behind them (against all of
the unit's), and the unit's demand over every trade and level with its own 95 % margin
(``analysis.demand.estimate_demand(by=())``, not a sum of the cells' margins).
"""

import numpy as np
import pandas as pd

from analysis.demand import estimate_demand
from analysis.inputs import Inputs
from analysis.params import Parameters

UNIT_COLUMNS = [
    "unit",
    "communes",
    "communes_surveyed",
    "households",
    "households_surveyed",
    "members",
    "estimate",
    "moe",
]


def unit_coverage(inputs: Inputs, params: Parameters) -> pd.DataFrame:
    """One row per unit of the regions (districts, or communes with ``grouping_unit="commune"``),
    by code, surveyed or not: ``communes`` (all of the unit's) and ``communes_surveyed`` (with at
    least one household surveyed), ``households`` (N_u: the census households, each commune taken
    as at least its surveyed ones, as the weights do) and ``households_surveyed``; ``members``
    (trade choices named, unweighted), ``estimate`` (the unit's demand, choice- and
    survey-weighted) and ``moe`` (its 95 % margin).

    The margin is NaN (cannot be measured) for a unit with fewer than two surveyed communes. A
    unit where nobody named a trade has estimate 0, with a margin of 0 when two or more of its
    communes were surveyed (each observed none).
    """
    regions = inputs.regions
    kind = "district" if params.grouping_unit == "district" else "commune"
    units = pd.Index(regions.loc[regions["kind"] == kind, "code"].sort_values(), name="unit")
    communes = regions.loc[regions["kind"] == "commune"]
    surveyed = (
        communes["code"]
        .map(inputs.coverage.set_index("commune")["households_surveyed"])
        .fillna(0)
        .astype("int64")
    )
    per_commune = pd.DataFrame(
        {
            "unit": communes["parent"] if kind == "district" else communes["code"],
            "communes": 1,
            "communes_surveyed": (surveyed > 0).astype("int64"),
            "households": np.maximum(communes["households"], surveyed),
            "households_surveyed": surveyed,
        }
    )
    table = per_commune.groupby("unit").sum().reindex(units, fill_value=0)
    totals = estimate_demand(inputs, params, by=()).set_index("unit")
    table["members"] = totals["members"].reindex(units).fillna(0).astype("int64")
    table["estimate"] = totals["estimate"].reindex(units).fillna(0.0)
    observed = pd.Series(np.where(table["communes_surveyed"] > 1, 0.0, np.nan), index=units)
    table["moe"] = totals["moe"].reindex(units).fillna(observed)
    return table.reset_index()[UNIT_COLUMNS]
