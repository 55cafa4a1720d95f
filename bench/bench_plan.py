"""How long a course plan takes, and its peak memory, on a synthetic Hà Giang province.

Prints figures; asserts nothing. Run with `make bench`.

The province is the real one (districts and communes with centroids and 2019 households, trades,
support norms, allowances, class caps from survey_app/data; only this benchmark reads them, never
`analysis/`). Surveyed households and members wanting training (1.2 per household) are spread
over the communes in proportion to their households; each member names 1–3 trades, 60 % of them
among their district's four favourites, and has a place accepted, a support group and the two flags
drawn at random (seeded). Businesses, placed the same way, want 1–20 workers of a trade.

Rows:
- households: per-member wishes aggregated first, as the app's SQL GROUP BY hands them to the
  analysis (`members` counts identical members);
- members: the growth from 10,000 to 1,000,000 members, fed one row per member and ranked trade
  (`members` = 1, so the analysis aggregates them itself) and aggregated.
Columns: members, wishes rows handed in, rows left after `Inputs.build` (which sums identical
rows); for `Inputs.build` and for `make_plan` the wall-clock seconds (untraced run) and the
tracemalloc peak in MB above the data handed in (a second, traced run); for `make_plan` also the
CPU seconds, which the other processes of a shared machine disturb less than the wall clock.
"""

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.inputs import Inputs
from analysis.levels import LEVELS
from analysis.params import Parameters
from analysis.recommend import make_plan

DATA = Path(__file__).resolve().parent.parent / "survey_app" / "data"
PLACES = ("commune", "cluster", "district", "province")
GROUPS = ("", "disability", "poor_ethnic_minority", "priority", "near_poor", "other_rural")


def reference():
    """The reference tables of the province, shaped as the analysis inputs."""
    read = {"dtype": str, "keep_default_na": False}
    districts = pd.read_csv(DATA / "districts.csv", **read)
    communes = pd.read_csv(DATA / "communes.csv", **read)
    province = pd.read_csv(DATA / "province.csv", **read)
    regions = pd.concat(
        [
            pd.DataFrame(
                {
                    "code": province["code"],
                    "parent": "",
                    "kind": "province",
                    "name_vi": province["name_vi"],
                    "name_en": province["name_en"],
                    "lat": np.nan,
                    "lon": np.nan,
                    "households": province["households"].astype(int),
                }
            ),
            pd.DataFrame(
                {
                    "code": districts["code"],
                    "parent": province["code"].iloc[0],
                    "kind": "district",
                    "name_vi": districts["name_vi"],
                    "name_en": districts["name_en"],
                    "lat": districts["lat"].astype(float),
                    "lon": districts["lon"].astype(float),
                    "households": 0,
                }
            ),
            pd.DataFrame(
                {
                    "code": communes["commune_code"],
                    "parent": communes["district_code"],
                    "kind": "commune",
                    "name_vi": communes["name_vi"],
                    "name_en": communes["name_vi"],
                    "lat": communes["lat"].astype(float),
                    "lon": communes["lon"].astype(float),
                    "households": communes["households_2019"].astype(int),
                }
            ),
        ],
        ignore_index=True,
    )
    per_district = regions[regions["kind"] == "commune"].groupby("parent")["households"].sum()
    is_district = regions["kind"] == "district"
    regions.loc[is_district, "households"] = regions.loc[is_district, "code"].map(per_district)
    trades = pd.read_csv(DATA / "trades.csv", **read)[
        ["code", "name_vi", "name_en", "group", "typical_level", "typical_duration_months"]
    ]
    tables = {
        "regions": regions,
        "trades": trades.astype({"typical_duration_months": float}),
        "support_norms": pd.read_csv(DATA / "support_norms.csv", **read).astype(
            {"max_training_support_vnd": int, "rank": int}
        ),
        "allowances": pd.read_csv(DATA / "allowances.csv", **read)[
            ["allowance", "amount_vnd"]
        ].astype({"amount_vnd": int}),
        "class_rules": pd.read_csv(DATA / "class_rules.csv", **read)[
            ["rule", "applies_to", "max_learners"]
        ].astype({"max_learners": int}),
    }
    return tables


def survey(tables, households: int, members: int, businesses: int, seed: int = 1):
    """Per-member wishes (one row per member and ranked trade), coverage and jobs."""
    rng = np.random.default_rng(seed)
    regions, trades = tables["regions"], tables["trades"]
    communes = regions[regions["kind"] == "commune"].reset_index(drop=True)
    codes, districts = communes["code"].to_numpy(), communes["parent"].to_numpy()
    share = communes["households"].to_numpy(float) / communes["households"].sum()
    trade_codes = trades["code"].to_numpy()
    typical = trades["typical_level"].to_numpy()
    # Each district favours a few trades: its members pick them four times as often.
    district_codes = np.unique(districts)
    favour = {d: rng.choice(len(trade_codes), 4, replace=False) for d in district_codes}
    home = rng.choice(len(codes), members, p=share)
    ranks = rng.integers(1, 4, members)
    rows = np.repeat(np.arange(members), ranks)
    rank = np.concatenate([np.arange(1, r + 1) for r in range(1, 4)])[_rank_positions(ranks)]
    trade = rng.integers(0, len(trade_codes), len(rows))
    liked = rng.random(len(rows)) < 0.6
    by_district = np.stack([favour[d] for d in district_codes])
    district_index = np.searchsorted(district_codes, districts[home[rows]])
    trade[liked] = by_district[district_index[liked], rng.integers(0, 4, liked.sum())]
    level = typical[trade].copy()
    other = rng.random(len(rows)) < 0.1
    level[other] = np.asarray(LEVELS)[rng.integers(0, 2, other.sum())]
    person = {
        "place": np.asarray(PLACES)[rng.choice(4, members, p=[0.3, 0.3, 0.3, 0.1])],
        "support_group": np.asarray(GROUPS)[
            rng.choice(6, members, p=[0.3, 0.03, 0.17, 0.2, 0.1, 0.2])
        ],
        "small_cap": rng.random(members) < 0.05,
        "difficult": rng.random(members) < 0.2,
    }
    wishes = pd.DataFrame(
        {
            "commune": codes[home[rows]],
            "district": districts[home[rows]],
            "rank": rank,
            "trade": trade_codes[trade],
            "level": level,
            **{name: values[rows] for name, values in person.items()},
            "members": 1,
        }
    )
    # Every commune with members has at least one surveyed household.
    has_members = np.bincount(home, minlength=len(codes)) > 0
    surveyed = np.maximum(rng.multinomial(households, share), has_members)
    coverage = pd.DataFrame({"commune": codes, "households_surveyed": surveyed})
    coverage = coverage[coverage["households_surveyed"] > 0]
    where = rng.choice(len(codes), businesses, p=share)
    jobs = pd.DataFrame(
        {
            "business": [f"B{i:05d}" for i in range(businesses)],
            "district": districts[where],
            "commune": codes[where],
            "trade": trade_codes[rng.integers(0, len(trade_codes), businesses)],
            "level": "so_cap",
            "workers": rng.integers(1, 21, businesses),
        }
    )
    return wishes, coverage, jobs


def _rank_positions(ranks):
    """Index into [1, 1, 2, 1, 2, 3] giving 1..r for each member with r ranked trades."""
    start = np.array([0, 0, 1, 3])[ranks]
    offset = np.arange(ranks.sum()) - np.repeat(np.cumsum(ranks) - ranks, ranks)
    return start.repeat(ranks) + offset


def aggregated(wishes):
    """Identical rows summed into one with their member count, as SQL GROUP BY would."""
    keys = [c for c in wishes.columns if c != "members"]
    return wishes.groupby(keys, as_index=False, sort=False)["members"].sum()


PARAMS = Parameters(budget_cap_vnd=50_000_000_000)


def traced(step):
    """``step()``'s result, wall and CPU seconds (untraced run), and tracemalloc peak in MB above
    what was allocated before it (traced run)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, wall, cpu, peak / 2**20


def measure(label, tables, wishes, coverage, jobs):
    inputs, build_s, _, build_mb = traced(
        lambda: Inputs.build(wishes=wishes, coverage=coverage, jobs=jobs, **tables)
    )
    result, plan_s, plan_cpu, plan_mb = traced(lambda: make_plan(inputs, PARAMS))
    members = int(wishes.loc[wishes["rank"] == 1, "members"].sum())
    print(
        f"{label:<36} {members:>9,} {len(wishes):>9,} {len(inputs.wishes):>9,} "
        f"{build_s:>6.2f} {build_mb:>6.0f} {plan_s:>6.2f} {plan_cpu:>6.2f} {plan_mb:>6.0f} "
        f"{len(result.courses):>7,} {result.totals['all']['classes']:>7,}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    tables = reference()
    print(
        "course plan: Inputs.build, then analysis.recommend.make_plan (s = wall seconds, "
        "MB = tracemalloc peak)"
    )
    print(
        f"{'scenario':<36} {'members':>9} {'rows in':>9} {'rows':>9} {'build':>6} {'MB':>6} "
        f"{'plan':>6} {'cpu':>6} {'MB':>6} {'courses':>7} {'classes':>7}"
    )
    for households, businesses in ((3_800, 50), (200_000, 2_000)):
        wishes, coverage, jobs = survey(tables, households, int(households * 1.2), businesses)
        label = f"{households:,} households, {businesses:,} businesses"
        measure(label, tables, aggregated(wishes), coverage, jobs)
    for members in (10_000, 100_000, 1_000_000):
        wishes, coverage, jobs = survey(tables, int(members / 1.2), members, 2_000)
        measure(f"{members:,} members, one row each", tables, wishes, coverage, jobs)
        measure(f"{members:,} members, aggregated", tables, aggregated(wishes), coverage, jobs)
