"""The whole pipeline on small hand-made provinces."""

import json

import pytest

from analysis.params import Parameters
from analysis.recommend import make_plan
from tests.analysis import tables

# tables.regions(): 00688 (1,000 households) and 00691 (2,000) in district 024, 10.3 km apart;
# 100 households surveyed in each commune, so every member stands for 10 or 20 people here.


def plan_for(rows, jobs=(), **params):
    inputs = tables.inputs(wishes=tables.wishes(rows), jobs=tables.jobs(jobs))
    return make_plan(inputs, Parameters(**params))


def test_a_worked_course():
    plan = plan_for(
        [
            {"commune": "00688", "trade": "NN01", "members": 2, "support_group": "priority"},
            {
                "commune": "00691",
                "trade": "NN01",
                "members": 1,
                "difficult": True,
                "support_group": "other_rural",
            },
        ],
        jobs=[
            {"business": "b1", "district": "024", "trade": "NN01", "workers": 10},
            {"business": "b2", "district": "024", "trade": "NN01", "workers": 5},
        ],
    )
    (course,) = plan.courses
    # 2 × 10 from 00688 and 1 × 20 from 00691 (weight 2,000 / 100) = 40 people at 00688's site.
    assert (course.host, course.trainees, course.classes) == ("00688", 40, (14, 13, 13))
    assert (course.jobs_local, course.unit_businesses, course.absorbed_share) == (15, 2, 0.375)
    days = 66
    support = 20 * 3_000_000 + 20 * 2_000_000
    meals = 40 * 30_000 * days
    travel = 20 * 300_000  # 00691's difficult learners travel 10.3 km ≥ 5 km
    assert (course.support_vnd, course.meals_vnd, course.travel_vnd) == (support, meals, travel)
    assert course.cost_vnd == support + meals + travel
    assert course.reason_vi == (
        "40 người ở 2 xã muốn học; 15 chỗ làm tại 2 doanh nghiệp ở Vùng 024; "
        "20 người thuộc nhóm ưu tiên"
    )
    assert plan.totals["selected"]["cost_vnd"] == course.cost_vnd


def test_small_demand_is_reported_below_the_minimum():
    plan = plan_for(
        [{"commune": "00688", "trade": "NN01", "members": 1, "place": "commune"}], min_class_size=12
    )
    assert plan.courses == ()
    (below,) = plan.below_minimum
    assert below.trainees == 10
    assert "mobile class" in below.reason_en
    assert plan.reason_en.startswith("No class site reaches the minimum")


def test_an_empty_survey_gives_an_empty_plan_with_a_reason():
    plan = make_plan(tables.inputs())
    assert plan.courses == () and plan.sites == ()
    assert plan.reason_en.startswith("No training wish counts in this survey")
    assert json.loads(plan.to_json())["fingerprint"] == plan.fingerprint


def test_wishes_that_count_for_nothing_give_an_empty_plan_too():
    plan = plan_for(
        [{"commune": "00688", "trade": "NN01", "rank": 3, "members": 5}], choice_weights=(1, 0, 0)
    )
    assert plan.courses == () and plan.reason_vi.startswith("Không có nguyện vọng")


def test_the_budget_leaves_out_courses_with_a_reason():
    rows = [
        {"commune": "00688", "trade": "NN01", "members": 3, "support_group": "priority"},
        {"commune": "00712", "trade": "DL01", "members": 2, "support_group": "priority"},
    ]
    full = plan_for(rows)
    cheapest = min(c.cost_vnd for c in full.courses)
    plan = plan_for(rows, budget_cap_vnd=cheapest)
    assert plan.totals["selected"]["courses"] == 1
    (left_out,) = plan.left_out
    assert left_out.cost_vnd > plan.budget_left_vnd
    assert "đ" in left_out.reason_vi


def test_gaps_list_openings_without_trainees():
    plan = plan_for(
        [{"commune": "00688", "trade": "NN01", "members": 2}],
        jobs=[{"business": "b1", "district": "026", "trade": "XD01", "workers": 7}],
    )
    (gap,) = plan.gaps
    assert (gap.unit, gap.trade, gap.unmatched) == ("026", "XD01", 7)
    assert plan.courses[0].outlook == "self_employment_or_export"


def test_an_unknown_class_rule_is_refused_naming_the_table():
    with pytest.raises(ValueError, match="class_rules"):
        plan_for([{"commune": "00688", "trade": "NN01", "members": 2}], class_rule="workshop")


@pytest.mark.parametrize("seed", [0, 1])
def test_each_planted_zone_gets_its_favourite_trades_as_top_courses(seed):
    inputs, planted, favourites = tables.planted_province(seed=seed)
    plan = make_plan(inputs)
    assert len(plan.zones) == 3
    for zone in plan.zones:
        favourite = set(favourites[planted[zone.units[0]]])
        courses = [c for c in plan.courses if c.zone == zone.zone]
        trainees = {}
        for course in courses:
            trainees[course.trade] = trainees.get(course.trade, 0) + course.trainees
        assert set(sorted(trainees, key=trainees.get, reverse=True)[:3]) == favourite
        # plan.courses is by score: the zone's first courses are of its favourite trades.
        assert {c.trade for c in courses[:3]} <= favourite
