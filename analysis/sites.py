"""Class sites: where each trade's classes meet (DESIGN.md §5.3).

Within each trade and level, the communes of its trainees are grouped into sites so that nobody is
placed farther away than the place they said they accept: ``commune`` keeps a trainee in their own
commune, ``cluster`` allows a host within ``cluster_radius_km``, ``district`` a host in the same
district within ``district_radius_km``, ``province`` any host. A commune stands at its centroid, or
at the mean GPS position of its respondents when some were recorded.

The grouping is greedy and deterministic: the commune with the most unplaced trainees (ties: the
lower code) hosts a site, and every unplaced trainee who accepts the distance to it joins; then the
next. So a site is named by the commune with the most trainees in it, and a trainee left for a
later, smaller site could not reach any larger site formed before it. The work is one distance
matrix over the communes with trainees and one round per site of the largest trade × level (all
trades and levels step together), never a step per member.
"""

import numpy as np
import pandas as pd

from analysis.inputs import PLACES

EARTH_RADIUS_KM = 6371.0
# Coordinates are rounded before use, so that a mean of GPS fixes summed in another row order
# gives the same distances, and the same plan.
COORD_DECIMALS = 6


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km; arguments broadcast like numpy arrays."""
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def commune_locations(regions: pd.DataFrame, wishes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where each commune stands: ``commune`` index → ``district``, ``lat``, ``lon``.

    The centroid from ``regions``, replaced by the members-weighted mean GPS position of the
    commune's rows in ``wishes`` (optional ``lat``/``lon`` columns) where any row has one.
    """
    communes = regions.loc[regions["kind"] == "commune", ["code", "parent", "lat", "lon"]]
    located = communes.rename(columns={"code": "commune", "parent": "district"})
    located = located.set_index("commune")
    if wishes is not None and {"lat", "lon"} <= set(wishes.columns):
        fixed = wishes.loc[wishes["lat"].notna() & wishes["lon"].notna()]
        if len(fixed):
            members = fixed["members"].to_numpy(dtype=float)
            sums = (
                pd.DataFrame(
                    {
                        "commune": fixed["commune"].to_numpy(),
                        "w": members,
                        "wlat": fixed["lat"].to_numpy(dtype=float) * members,
                        "wlon": fixed["lon"].to_numpy(dtype=float) * members,
                    }
                )
                .groupby("commune")
                .sum()
            )
            gps = sums[["wlat", "wlon"]].div(sums["w"], axis=0)
            gps.columns = ["lat", "lon"]
            located.update(gps)
    return located.astype({"lat": float, "lon": float}).round(COORD_DECIMALS).sort_index()


def assign_sites(
    units: pd.DataFrame,
    locations: pd.DataFrame,
    *,
    cluster_radius_km: float,
    district_radius_km: float,
) -> pd.DataFrame:
    """The host commune of every trainee group.

    Parameters
    ----------
    units : DataFrame
        One row per ``trade``, ``level``, ``commune``, ``place`` with the trainees ``estimate``
        (rows with the same key are summed).
    locations : DataFrame
        From :func:`commune_locations`: ``district``, ``lat``, ``lon`` indexed by commune.
    cluster_radius_km, district_radius_km : float
        How far a ``cluster`` / ``district`` trainee may be placed from home.

    Returns
    -------
    DataFrame
        ``trade``, ``level``, ``commune``, ``place``, ``estimate``, ``host``, ``distance_km``
        (home to host), one row per key with trainees, sorted by trade, level, commune, place.
    """
    columns = ["trade", "level", "commune", "place", "estimate", "host", "distance_km"]
    units = units.groupby(["trade", "level", "commune", "place"], as_index=False, sort=True)[
        "estimate"
    ].sum()
    units = units[units["estimate"] > 0]
    if units.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=float if c in ("estimate", "distance_km") else str)
                for c in columns
            }
        )
    # One distance matrix over every commune with trainees, shared by every trade and level.
    codes, commune_of = np.unique(units["commune"].to_numpy(), return_inverse=True)
    where = locations.loc[codes]
    lat, lon = where["lat"].to_numpy(), where["lon"].to_numpy()
    between = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    same_district = where["district"].to_numpy()[:, None] == where["district"].to_numpy()[None, :]
    # allowed[p, c, h]: may someone of commune c who accepts place p be placed at host h?
    allowed = np.stack(
        [
            np.eye(len(codes), dtype=bool),
            between <= cluster_radius_km,
            same_district & (between <= district_radius_km),
            np.ones_like(same_district),
        ]
    )
    place = units["place"].map({place: i for i, place in enumerate(PLACES)}).to_numpy()
    group_of = units.groupby(["trade", "level"], sort=False).ngroup().to_numpy()
    host_of = _greedy_sites(
        group_of, commune_of, allowed[place, commune_of], units["estimate"].to_numpy(dtype=float)
    )
    distance = between[commune_of, host_of]
    return units.assign(host=codes[host_of], distance_km=np.round(distance, 3))[columns]


def _greedy_sites(group_of, commune_of, reach, estimate):
    """Host (commune index) of each unit, the greedy of the module docstring.

    ``reach[u, h]`` says whether unit u may be placed at commune h. Every trade and level (group)
    takes one step per round, so the rounds number the sites of the largest group, not of all.
    """
    n_units, n_communes = reach.shape
    n_groups = group_of.max() + 1
    cell = group_of * n_communes + commune_of
    size = n_groups * n_communes
    remaining = np.bincount(cell, weights=estimate, minlength=size).reshape(n_groups, n_communes)
    open_units = np.bincount(cell, minlength=size).reshape(n_groups, n_communes)
    # Units that can only be placed at home (commune-only, or nobody of their group near) are
    # hosted there whenever their commune's turn comes: once the others are placed, all is known.
    alone = (reach & (open_units > 0)[group_of]).sum(axis=1) == 1
    host_of = np.where(alone, commune_of, -1)
    unplaced = np.ones(n_units, dtype=bool)
    rows = np.arange(n_units)
    while (pending := unplaced & (host_of < 0)).any():
        active = np.bincount(group_of[pending], minlength=n_groups) > 0
        # Rounded so that sums taken in another row order pick the same host.
        host = np.argmax(np.where(open_units > 0, np.round(remaining, 6), -1.0), axis=1)
        joins = unplaced & active[group_of] & reach[rows, host[group_of]]
        host_of[joins] = host[group_of[joins]]
        unplaced[joins] = False
        joined = np.bincount(cell[joins], weights=estimate[joins], minlength=size)
        remaining -= joined.reshape(n_groups, n_communes)
        open_units -= np.bincount(cell[joins], minlength=size).reshape(n_groups, n_communes)
    return host_of
