"""Class sites: nobody placed farther than the place they accept; hosts and GPS positions."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.inputs import PLACES
from analysis.sites import assign_sites, commune_locations, haversine_km
from tests.analysis import tables

# tables.regions(): district 024 at latitude 22.5 with 00688 (lon 105.0) and 00691 (105.1);
# district 026 at 22.6 with 00712 (105.0), 00715 (105.1), 00718 (105.2). Neighbours along a row
# are 0.1° of longitude apart (10.27 km at 22.5°N); 00688 and 00712 are 0.1° of latitude apart.
LOCATIONS = commune_locations(tables.regions())
ROW_KM = 10.27


def units(rows):
    return pd.DataFrame(
        [{"trade": "NN01", "level": "so_cap", **row} for row in rows],
        columns=["trade", "level", "commune", "place", "estimate"],
    )


def sites(rows, cluster=10.0, district=30.0):
    placed = assign_sites(
        units(rows), LOCATIONS, cluster_radius_km=cluster, district_radius_km=district
    )
    return dict(zip(placed["commune"] + "/" + placed["place"], placed["host"], strict=True))


def test_haversine_of_a_tenth_of_a_degree():
    assert haversine_km(22.5, 105.0, 22.5, 105.1) == pytest.approx(ROW_KM, abs=0.01)
    assert haversine_km(22.5, 105.0, 22.6, 105.0) == pytest.approx(11.12, abs=0.01)


def test_commune_only_trainees_stay_home():
    assert sites(
        [
            {"commune": "00688", "place": "commune", "estimate": 30},
            {"commune": "00691", "place": "commune", "estimate": 5},
        ]
    ) == {"00688/commune": "00688", "00691/commune": "00691"}


def test_cluster_radius_decides_whether_a_neighbour_joins():
    rows = [
        {"commune": "00688", "place": "cluster", "estimate": 30},
        {"commune": "00691", "place": "cluster", "estimate": 5},
    ]
    assert sites(rows, cluster=10.0)["00691/cluster"] == "00691"
    assert sites(rows, cluster=10.5)["00691/cluster"] == "00688"


def test_district_trainees_join_the_biggest_commune_of_their_own_district_only():
    # 00712 (district 026) is 11 km from 00688 (024) but in another district.
    assert sites(
        [
            {"commune": "00688", "place": "district", "estimate": 30},
            {"commune": "00691", "place": "district", "estimate": 5},
            {"commune": "00712", "place": "district", "estimate": 4},
        ]
    ) == {"00688/district": "00688", "00691/district": "00688", "00712/district": "00712"}


def test_district_radius_still_applies_within_the_district():
    # 00712 → 00718 is 20.5 km.
    rows = [
        {"commune": "00712", "place": "district", "estimate": 30},
        {"commune": "00718", "place": "district", "estimate": 5},
    ]
    assert sites(rows, district=30.0)["00718/district"] == "00712"
    assert sites(rows, district=20.0)["00718/district"] == "00718"


def test_province_trainees_go_to_the_biggest_host_anywhere():
    assert sites(
        [
            {"commune": "00715", "place": "commune", "estimate": 40},
            {"commune": "00688", "place": "province", "estimate": 5},
        ]
    ) == {"00715/commune": "00715", "00688/province": "00715"}


def test_a_tie_goes_to_the_lower_code():
    placed = sites(
        [
            {"commune": "00715", "place": "district", "estimate": 12},
            {"commune": "00712", "place": "district", "estimate": 12},
        ]
    )
    assert set(placed.values()) == {"00712"}


def test_the_host_is_the_commune_with_most_trainees_even_if_it_accepts_only_its_own():
    # 00691 has more trainees (all commune-only) than 00688: it hosts, and 00688's district
    # trainees travel to it.
    placed = sites(
        [
            {"commune": "00691", "place": "commune", "estimate": 20},
            {"commune": "00688", "place": "district", "estimate": 8},
            {"commune": "00688", "place": "commune", "estimate": 3},
        ]
    )
    assert placed == {
        "00691/commune": "00691",
        "00688/district": "00691",
        "00688/commune": "00688",
    }


def test_gps_of_respondents_replaces_the_centroid():
    wishes = pd.DataFrame(
        {
            "commune": ["00688", "00688", "00691"],
            "members": [1, 3, 2],
            "lat": [22.0, 23.0, np.nan],
            "lon": [104.0, 105.0, np.nan],
        }
    )
    located = commune_locations(tables.regions(), wishes)
    # Members-weighted mean: (22 + 3 × 23) / 4, (104 + 3 × 105) / 4; 00691 keeps its centroid.
    assert located.loc["00688", ["lat", "lon"]].tolist() == [22.75, 104.75]
    assert located.loc["00691", ["lat", "lon"]].tolist() == [22.5, 105.1]


COMMUNES = sorted(LOCATIONS.index)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(COMMUNES),
            st.sampled_from(PLACES),
            st.floats(0.1, 50),
            st.sampled_from(["NN01", "DL01"]),
        ),
        min_size=1,
        max_size=25,
    ),
    st.floats(0, 25),
    st.floats(0, 40),
)
def test_nobody_is_placed_beyond_the_place_they_accept(rows, cluster, district):
    frame = pd.DataFrame(rows, columns=["commune", "place", "estimate", "trade"]).assign(
        level="so_cap"
    )
    placed = assign_sites(frame, LOCATIONS, cluster_radius_km=cluster, district_radius_km=district)
    home = LOCATIONS.loc[placed["commune"]]
    host = LOCATIONS.loc[placed["host"]]
    km = haversine_km(home["lat"], home["lon"], host["lat"], host["lon"])
    place = placed["place"].to_numpy()
    same_district = home["district"].to_numpy() == host["district"].to_numpy()
    at_home = placed[place == "commune"]
    assert (at_home["commune"] == at_home["host"]).all()
    assert (km[place == "cluster"] <= cluster + 1e-6).all()
    assert (same_district[place == "district"] & (km[place == "district"] <= district + 1e-6)).all()
    # Every host is the commune with the most trainees at its site.
    by_commune = placed.groupby(["trade", "host", "commune"])["estimate"].sum().round(6)
    for (trade, host), group in by_commune.groupby(level=[0, 1]):
        assert group.droplevel([0, 1]).max() == group.loc[(trade, host, host)]
