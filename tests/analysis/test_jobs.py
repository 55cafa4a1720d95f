"""Openings matched to courses in the unit, then the zone; gaps; self-employment courses."""

import pandas as pd

from analysis.jobs import EMPLOYMENT, SELF_EMPLOYMENT, link_jobs


def courses(rows):
    return pd.DataFrame(
        [{"trade": "NN01", "level": "so_cap", **row} for row in rows],
        columns=["course", "unit", "trade", "level", "seated"],
    )


def openings(rows):
    return pd.DataFrame(
        [{"trade": "NN01", "level": "so_cap", "businesses": 1, **row} for row in rows],
        columns=["unit", "trade", "level", "openings", "businesses"],
    )


ZONES = pd.Series({"024": 0, "026": 0, "027": 1})


def test_local_openings_absorb_part_of_a_course():
    linked, gaps = link_jobs(
        courses([{"course": "a", "unit": "024", "seated": 20}]),
        openings([{"unit": "024", "openings": 5, "businesses": 2}]),
        ZONES,
    )
    row = linked.iloc[0]
    assert (row["jobs_local"], row["jobs_zone"], row["absorbed_share"]) == (5, 0, 0.25)
    assert (row["unit_openings"], row["unit_businesses"], row["outlook"]) == (5, 2, EMPLOYMENT)
    assert gaps.empty


def test_openings_beyond_the_trainees_are_a_gap():
    linked, gaps = link_jobs(
        courses([{"course": "a", "unit": "024", "seated": 20}]),
        openings([{"unit": "024", "openings": 30}]),
        ZONES,
    )
    assert linked["absorbed_share"].tolist() == [1.0]
    assert gaps[["unit", "openings", "matched", "unmatched"]].values.tolist() == [
        ["024", 30, 20, 10]
    ]


def test_surplus_openings_go_to_courses_in_the_same_zone_not_another():
    linked, gaps = link_jobs(
        courses(
            [
                {"course": "a", "unit": "024", "seated": 10},
                {"course": "b", "unit": "027", "seated": 10},
            ]
        ),
        openings([{"unit": "026", "openings": 25}]),
        ZONES,
    )
    a, b = linked.set_index("course").loc[["a", "b"]].to_dict("records")
    assert (a["jobs_local"], a["jobs_zone"], a["outlook"]) == (0, 10, EMPLOYMENT)
    # 027 is in zone 1: no opening reaches it; its course is for self-employment or labour export.
    assert (b["jobs_zone"], b["absorbed_share"], b["outlook"]) == (0, 0.0, SELF_EMPLOYMENT)
    assert gaps[["unit", "matched", "unmatched"]].values.tolist() == [["026", 10, 15]]


def test_short_openings_are_shared_by_trainees_without_counting_one_twice():
    linked, _ = link_jobs(
        courses(
            [
                {"course": "a", "unit": "024", "seated": 10},
                {"course": "b", "unit": "024", "seated": 20},
            ]
        ),
        openings([{"unit": "024", "openings": 3}]),
        ZONES,
    )
    assert linked["jobs_local"].tolist() == [1, 2]


def test_openings_of_another_level_do_not_match():
    linked, gaps = link_jobs(
        courses([{"course": "a", "unit": "024", "seated": 20}]),
        openings([{"unit": "024", "level": "trung_cap", "openings": 4}]),
        ZONES,
    )
    assert linked["outlook"].tolist() == [SELF_EMPLOYMENT]
    assert gaps["level"].tolist() == ["trung_cap"]
