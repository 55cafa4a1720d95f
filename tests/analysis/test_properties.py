"""Properties of whole plans on random small surveys."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.inputs import PLACES
from analysis.params import Parameters
from analysis.recommend import make_plan
from tests.analysis import tables

COMMUNES = [c for communes in tables.DISTRICTS.values() for c in communes]
WISH = st.fixed_dictionaries(
    {
        "commune": st.sampled_from(COMMUNES),
        "trade": st.sampled_from(["NN01", "DL01", "XD03"]),
        "level": st.sampled_from(["so_cap", "trung_cap"]),
        "rank": st.integers(1, 3),
        "place": st.sampled_from(PLACES),
        "support_group": st.sampled_from(["disability", "priority", "other_rural"]),
        "small_cap": st.booleans(),
        "difficult": st.booleans(),
        "members": st.integers(1, 4),
    }
)
SURVEYS = st.lists(WISH, min_size=1, max_size=30)
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_of(rows, **params):
    return make_plan(tables.inputs(wishes=tables.wishes(rows)), Parameters(**params))


@PROPERTY
@given(SURVEYS, st.integers(1, 15))
def test_classes_stay_within_caps_and_minimum_and_seat_no_more_than_demand(rows, minimum):
    plan = plan_of(rows, min_class_size=minimum)
    for course in plan.courses:
        lower, general = (
            course.classes[: course.lower_cap_classes],
            course.classes[course.lower_cap_classes :],
        )
        assert all(min(minimum, course.lower_cap) <= n <= course.lower_cap for n in lower)
        assert all(min(minimum, course.cap) <= n <= course.cap for n in general)
        assert sum(course.classes) == course.trainees
    demand = {}
    for row in plan.demand:
        demand[row.trade, row.level] = demand.get((row.trade, row.level), 0) + row.estimate
    for (trade, level), estimate in demand.items():
        seated = sum(c.trainees for c in plan.courses if (c.trade, c.level) == (trade, level))
        assert seated <= math.floor(estimate + 1e-6)
    for site in plan.sites:
        unseated = sum(b.trainees for b in plan.below_minimum if b.site == site.id)
        assert site.seated + unseated == site.trainees


@PROPERTY
@given(SURVEYS)
def test_costs_add_up_exactly(rows):
    plan = plan_of(rows)
    for course in plan.courses:
        assert course.cost_vnd == course.support_vnd + course.meals_vnd + course.travel_vnd
        # Every trainee here is in a support group: meals for all, support between the lowest
        # and the highest group's amount, travel a whole number of allowances.
        assert course.meals_vnd == course.trainees * 30_000 * course.days
        assert 2_000_000 * course.trainees <= course.support_vnd <= 6_000_000 * course.trainees
        assert course.travel_vnd % 100_000 == 0
        assert course.travel_vnd <= 300_000 * course.trainees
    assert plan.totals["all"]["cost_vnd"] == sum(c.cost_vnd for c in plan.courses)


@PROPERTY
@given(SURVEYS, st.randoms(use_true_random=False), st.one_of(st.none(), st.integers(1, 10**9)))
def test_shuffled_rows_give_the_same_plan_json(rows, random, budget):
    wishes = tables.wishes(rows)
    shuffled = wishes.sample(frac=1, random_state=random.randrange(2**32))
    shuffled = shuffled[random.sample(list(shuffled.columns), len(shuffled.columns))]
    params = Parameters(budget_cap_vnd=budget)
    first = make_plan(tables.inputs(wishes=wishes), params).to_json()
    second = make_plan(tables.inputs(wishes=shuffled), params).to_json()
    assert first == second
