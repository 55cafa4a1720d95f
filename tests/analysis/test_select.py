"""The priority score with its parts, and choosing courses under a budget cap."""

import itertools

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.select import priority_scores, select_courses


def test_score_parts_and_weights():
    courses = pd.DataFrame(
        {"seated": [40, 10], "absorbed_share": [0.5, 1.0], "seated_priority": [10, 10]}
    )
    scored = priority_scores(courses, (0.4, 0.4, 0.2))
    # Demand 40/40 and 10/40; jobs as absorbed; priority 10/40 and 10/10.
    assert scored["part_demand"].tolist() == [1.0, 0.25]
    assert scored["part_jobs"].tolist() == [0.5, 1.0]
    assert scored["part_priority"].tolist() == [0.25, 1.0]
    assert scored["score"].tolist() == [0.65, 0.7]  # (0.4 + 0.2 + 0.05), (0.1 + 0.4 + 0.2)
    assert priority_scores(courses, (1, 0, 0))["score"].tolist() == [1.0, 0.25]


def choose(scores, costs, budget):
    ids = pd.Series([f"c{i}" for i in range(len(scores))])
    chosen, left = select_courses(ids, pd.Series(scores), pd.Series(costs), budget)
    return [i for i, c in zip(ids, chosen, strict=True) if c], left


def test_no_cap_keeps_every_course():
    assert choose([0.1, 0.9], [5, 500], None) == (["c0", "c1"], 0)


def test_greedy_by_score_per_dong():
    # c1 and c2 give 0.95 for 100; c0 alone 0.9.
    assert choose([0.9, 0.5, 0.45], [100, 50, 50], 100) == (["c1", "c2"], 0)


def test_the_improvement_pass_swaps_a_cheap_course_for_a_better_one():
    # Greedy takes c1 first (0.01 per đồng) and c0 no longer fits; swapping gives 0.9 > 0.3.
    assert choose([0.9, 0.3], [100, 30], 100) == (["c0"], 0)


def test_what_still_fits_is_added_after_the_swaps():
    assert choose([0.9, 0.3, 0.05], [100, 30, 10], 110) == (["c0", "c2"], 0)


def best_total(scores, costs, budget):
    best = 0.0
    for chosen in itertools.product([False, True], repeat=len(scores)):
        if sum(c for c, keep in zip(costs, chosen, strict=True) if keep) <= budget:
            best = max(best, sum(s for s, keep in zip(scores, chosen, strict=True) if keep))
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1000).map(lambda s: s / 1000), st.integers(1, 100)),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 300),
)
def test_the_chosen_courses_fit_and_nothing_left_out_would(courses, budget):
    scores, costs = zip(*courses, strict=True)
    chosen, left = select_courses(
        pd.Series([f"c{i}" for i in range(len(scores))]),
        pd.Series(scores),
        pd.Series(costs),
        budget,
    )
    spent = int(np.sum(np.array(costs)[chosen]))
    assert spent + left == budget and left >= 0
    assert all(cost > left for cost, keep in zip(costs, chosen, strict=True) if not keep)
    # Not an exact knapsack, but never worse than half the best plan.
    total = float(np.sum(np.array(scores)[chosen]))
    assert total >= best_total(scores, costs, budget) / 2 - 1e-9
