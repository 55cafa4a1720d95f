"""Builders of small input tables for the analysis tests (the analysis never reads the app's data).

The default province: district 024 with communes 00688 (1,000 households) and 00691 (2,000);
district 026 with communes 00712 (1,500), 00715 (500) and 00718 (1,000). Every builder takes rows
as dicts and fills the columns a test does not care about.
"""

import numpy as np
import pandas as pd

from analysis.inputs import Inputs

PROVINCE = "02"
DISTRICTS = {
    "024": {"00688": 1000, "00691": 2000},
    "026": {"00712": 1500, "00715": 500, "00718": 1000},
}
TRADES = {
    "NN01": ("so_cap", 3),
    "NN02": ("so_cap", 3),
    "DL01": ("so_cap", 3),
    "TC01": ("so_cap", 3),
    "XD01": ("so_cap", 3),
    "XD03": ("trung_cap", 24),
}


def regions(districts=None) -> pd.DataFrame:
    """Province, districts and communes; ``districts`` maps district → {commune: households}.

    Centroids sit on a grid 0.1° apart (about 11 km), a district per row, communes along it.
    """
    districts = DISTRICTS if districts is None else districts
    rows = [_region(PROVINCE, "", "province", None, None, 0)]
    for i, (district, communes) in enumerate(sorted(districts.items())):
        lat = 22.5 + 0.1 * i
        rows.append(_region(district, PROVINCE, "district", lat, 105.0, sum(communes.values())))
        for j, (commune, households) in enumerate(sorted(communes.items())):
            rows.append(_region(commune, district, "commune", lat, 105.0 + 0.1 * j, households))
    rows[0]["households"] = sum(row["households"] for row in rows if row["kind"] == "district")
    return pd.DataFrame(rows)


def _region(code, parent, kind, lat, lon, households):
    return {
        "code": code,
        "parent": parent,
        "kind": kind,
        "name_vi": f"Vùng {code}",
        "name_en": f"Region {code}",
        "lat": float("nan") if lat is None else lat,
        "lon": float("nan") if lon is None else lon,
        "households": households,
    }


def trades(codes=None) -> pd.DataFrame:
    """Trades by code; ``codes`` maps code → (typical level, typical months)."""
    codes = TRADES if codes is None else codes
    return pd.DataFrame(
        [
            {
                "code": code,
                "name_vi": f"Nghề {code}",
                "name_en": f"Trade {code}",
                "group": code[:2],
                "typical_level": level,
                "typical_duration_months": months,
            }
            for code, (level, months) in codes.items()
        ]
    )


def support_norms() -> pd.DataFrame:
    """Decision 46/2015's groups and amounts."""
    rows = [
        ("disability", 6_000_000, 1),
        ("poor_ethnic_minority", 4_000_000, 2),
        ("priority", 3_000_000, 3),
        ("near_poor", 2_500_000, 4),
        ("other_rural", 2_000_000, 5),
    ]
    return pd.DataFrame(
        [
            {"group_code": g, "name_vi": g, "name_en": g, "max_training_support_vnd": a, "rank": r}
            for g, a, r in rows
        ]
    )


def allowances(meals=30_000, travel=200_000, travel_difficult=300_000) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "allowance": ["meals", "travel", "travel_difficult"],
            "amount_vnd": [meals, travel, travel_difficult],
        }
    )


def class_rules() -> pd.DataFrame:
    """Circular 42/2015's caps as amended by Circular 34/2018."""
    rows = [
        ("theory_class", "general", 35),
        ("theory_class", "very_small_ethnic_minority_or_disability", 20),
        ("theory_class", "blind", 10),
        ("practice_class", "general", 18),
        ("practice_class", "very_small_ethnic_minority_or_disability", 10),
        ("practice_class", "blind", 8),
    ]
    return pd.DataFrame(rows, columns=["rule", "applies_to", "max_learners"])


WISH_DEFAULTS = {
    "rank": 1,
    "level": "so_cap",
    "place": "district",
    "support_group": "",
    "small_cap": False,
    "difficult": False,
    "members": 1,
}


def wishes(rows=()) -> pd.DataFrame:
    """Wishes from dicts holding at least commune and trade; the district comes from the
    default province when not given."""
    parent = {c: d for d, communes in DISTRICTS.items() for c in communes}
    full = [{**WISH_DEFAULTS, "district": parent.get(row["commune"], ""), **row} for row in rows]
    columns = ["commune", "district", "trade", *WISH_DEFAULTS]
    frame = pd.DataFrame(
        full, columns=list(dict.fromkeys([*columns, *(k for r in full for k in r)]))
    )
    return frame.astype({"rank": "int64", "members": "int64", "small_cap": bool, "difficult": bool})


def coverage(surveyed=None) -> pd.DataFrame:
    """Households surveyed per commune ({commune: households}); by default 100 in every commune."""
    if surveyed is None:
        surveyed = {c: 100 for communes in DISTRICTS.values() for c in communes}
    return pd.DataFrame({"commune": list(surveyed), "households_surveyed": list(surveyed.values())})


JOB_DEFAULTS = {
    "commune": "",
    "level": "so_cap",
    "workers": 1,
    "quarter": float("nan"),
    "provide_trainers": False,
    "provide_workshop": False,
    "take_apprentices": False,
    "commit_to_hire": False,
    "co_fund": False,
}


def jobs(rows=()) -> pd.DataFrame:
    """Job needs from dicts holding at least business, district and trade."""
    columns = ["business", "district", "trade", *JOB_DEFAULTS]
    return pd.DataFrame([{**JOB_DEFAULTS, **row} for row in rows], columns=columns).astype(
        {"workers": "int64", "quarter": "float64"}
    )


def inputs(**tables) -> Inputs:
    """Checked inputs from the default tables, any of them replaced by keyword."""
    defaults = {
        "wishes": wishes,
        "coverage": coverage,
        "jobs": jobs,
        "regions": regions,
        "trades": trades,
        "support_norms": support_norms,
        "allowances": allowances,
        "class_rules": class_rules,
    }
    return Inputs.build(**{name: make() for name, make in defaults.items()} | tables)


PLANTED_TRADES = {f"Z{i:02d}": ("so_cap", 3) for i in range(1, 16)}


def planted_province(seed=0, structured=True, districts=12, communes=5, members=60):
    """A generated province whose districts fall in three planted zones.

    District i is in zone i % 3 and its members' first choices favour the zone's three trades
    (six times as likely as any other of the 15); with ``structured=False`` every district draws
    from one uniform distribution. Each commune has 1,000 households, 100 surveyed, and
    ``members`` members with a first choice (plus a second choice for half of them, uniform).
    Returns (inputs, {district: zone}, {zone: favourite trades}).
    """
    rng = np.random.default_rng(seed)
    codes = list(PLANTED_TRADES)
    favourites = {z: codes[3 * z : 3 * z + 3] for z in range(3)}
    layout = {
        f"{100 + d}": {f"{(100 + d) * 100 + c:05d}": 1000 for c in range(communes)}
        for d in range(districts)
    }
    zone_of = {district: i % 3 for i, district in enumerate(sorted(layout))}
    frames = []
    for district, commune_households in layout.items():
        odds = np.ones(len(codes))
        if structured:
            odds[[codes.index(t) for t in favourites[zone_of[district]]]] = 6.0
        for commune in commune_households:
            for rank, count, p in ((1, members, odds), (2, members // 2, np.ones(len(codes)))):
                drawn = rng.multinomial(count, p / p.sum())
                frames.append(
                    pd.DataFrame(
                        {
                            "commune": commune,
                            "district": district,
                            "rank": rank,
                            "trade": codes,
                            "members": drawn,
                        }
                    ).query("members > 0")
                )
    wishes_table = pd.concat(frames, ignore_index=True)
    wishes_table = wishes_table.assign(
        **{k: v for k, v in WISH_DEFAULTS.items() if k not in wishes_table.columns}
    )
    built = inputs(
        wishes=wishes_table,
        coverage=coverage({c: 100 for cs in layout.values() for c in cs}),
        regions=regions(layout),
        trades=trades(PLANTED_TRADES),
    )
    return built, zone_of, favourites
