"""Priority score and the budget cap (DESIGN.md §5.6).

A course's score mixes three parts, each between 0 and 1 and shown beside it:

- ``demand``: its trainees ÷ the trainees of the largest course in the plan;
- ``jobs``: the share of its trainees the matched openings absorb;
- ``priority``: the share of its trainees in a priority support group (rank at most
  ``priority_max_rank``).

score = Σ weight × part ÷ Σ weights (``score_weights``, in that order).

Under a budget cap the chosen set maximises the total score of the courses that fit: greedy by
score per đồng (ties: the higher score, then the course id), then an improvement pass that swaps a
chosen course for a left-out one whenever that raises the total score and still fits (best swap
first, until none is left); if the best course that fits the budget alone scores more than all
the chosen ones, it replaces them; a last pass adds any course that still fits. Greedy alone can
miss, e.g., one large high-scoring course that a few cheap ones crowd out; the swaps repair the
common cases and the last guard keeps the total at least half the best possible, without the cost
of an exact 0/1 knapsack over amounts in đồng. Every course left out costs more than what remains
of the budget at the end.
"""

import numpy as np
import pandas as pd

SCORE_PARTS = ("demand", "jobs", "priority")
SCORE_DECIMALS = 6


def priority_scores(courses: pd.DataFrame, weights: tuple[float, ...]) -> pd.DataFrame:
    """``courses`` (``seated``, ``absorbed_share``, ``seated_priority``) with the score parts
    ``part_demand``, ``part_jobs``, ``part_priority`` and ``score`` added (rounded to 6 places)."""
    seated = courses["seated"].to_numpy(dtype=float)
    largest = seated.max() if len(seated) else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        parts = {
            "demand": np.where(largest > 0, seated / largest, 0.0),
            "jobs": courses["absorbed_share"].to_numpy(dtype=float),
            "priority": np.where(
                seated > 0, courses["seated_priority"].to_numpy(dtype=float) / seated, 0.0
            ),
        }
    parts = {name: np.round(values, SCORE_DECIMALS) for name, values in parts.items()}
    score = sum(w * parts[name] for w, name in zip(weights, SCORE_PARTS, strict=True))
    return courses.assign(
        **{f"part_{name}": parts[name] for name in SCORE_PARTS},
        score=np.round(score / sum(weights), SCORE_DECIMALS),
    )


def select_courses(
    course: pd.Series, score: pd.Series, cost: pd.Series, budget: int | None
) -> tuple[np.ndarray, int]:
    """Which courses fit ``budget`` (all of them when it is None), and the budget left.

    ``course`` (ids), ``score`` and ``cost`` (VND) are aligned row by row.
    """
    cost = cost.to_numpy(dtype="int64")
    if budget is None:
        return np.ones(len(cost), dtype=bool), 0
    score = score.to_numpy(dtype=float)
    ids = course.to_numpy()
    # Score per đồng; a free course comes first.
    value = np.where(cost > 0, score / np.maximum(cost, 1), np.inf)
    order = np.lexsort((ids, -score, -value))
    chosen = np.zeros(len(cost), dtype=bool)
    left = int(budget)
    for i in order:
        if cost[i] <= left:
            chosen[i] = True
            left -= int(cost[i])
    for _ in range(len(cost)):
        swap = _best_swap(chosen, score, cost, left, ids)
        if swap is None:
            break
        out, into = swap
        chosen[out], chosen[into] = False, True
        left += int(cost[out]) - int(cost[into])
    affordable = np.flatnonzero(cost <= budget)
    if len(affordable):
        # The classic guard of greedy knapsack: one course alone may beat everything chosen.
        alone = affordable[np.lexsort((ids[affordable], -score[affordable]))[0]]
        if score[alone] > np.round(score[chosen].sum(), SCORE_DECIMALS):
            chosen[:] = False
            chosen[alone] = True
            left = int(budget) - int(cost[alone])
    for i in order:
        if not chosen[i] and cost[i] <= left:
            chosen[i] = True
            left -= int(cost[i])
    return chosen, left


def _best_swap(chosen, score, cost, left, ids):
    """(chosen course, left-out course) whose exchange raises the total score most and fits."""
    inside, outside = np.flatnonzero(chosen), np.flatnonzero(~chosen)
    if not len(inside) or not len(outside):
        return None
    gain = np.round(score[outside][None, :] - score[inside][:, None], SCORE_DECIMALS)
    fits = cost[outside][None, :] - cost[inside][:, None] <= left
    gain = np.where(fits, gain, 0.0)
    if gain.max() <= 0:
        return None
    best = np.argwhere(gain == gain.max())
    # Ties: the pair of smallest ids, so that the result never depends on row order.
    pairs = sorted((ids[inside[a]], ids[outside[b]], inside[a], outside[b]) for a, b in best)
    return pairs[0][2], pairs[0][3]
