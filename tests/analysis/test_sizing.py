"""Classes under the caps, the minimum class size, and seats shared back onto home communes."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.inputs import InputError
from analysis.sizing import apportion, class_caps, size_sites, split_classes
from tests.analysis import tables

CAP, LOWER, MINIMUM = 18, 10, 10


def test_caps_come_from_the_chosen_rule():
    assert class_caps(tables.class_rules(), "practice_class") == (18, 10)
    assert class_caps(tables.class_rules(), "theory_class") == (35, 20)


def test_a_rule_without_a_general_cap_is_refused():
    with pytest.raises(InputError, match="class_rules: column 'applies_to'.*'workshop'"):
        class_caps(tables.class_rules(), "workshop")


def test_forty_trainees_make_three_even_practice_classes():
    # 40 / 18 → 3 classes; 40 = 14 + 13 + 13.
    split = split_classes(40, 0, CAP, LOWER, MINIMUM)
    assert split.general_classes == (14, 13, 13)
    assert split.small_classes == ()
    assert split.seated == 40


def test_a_site_below_the_minimum_has_no_class():
    split = split_classes(9, 0, CAP, LOWER, MINIMUM)
    assert split.seated == 0
    assert split.small_classes == split.general_classes == ()


def test_small_cap_trainees_sit_in_a_lower_cap_class_topped_up_with_others():
    # 3 small-cap + 27 others: one class of 10 (3 + 7 others) under the lower cap, and 20 others
    # in two general classes of 10 (one general class of 20 would break the cap of 18).
    split = split_classes(30, 3, CAP, LOWER, MINIMUM)
    assert split.small_classes == (10,)
    assert split.general_classes == (10, 10)
    assert (split.seated_small, split.seated_general) == (3, 27)


def test_a_remainder_too_small_for_a_class_is_left_unseated():
    # 3 small-cap + 9 others: the lower-cap class takes 10; the 2 left cannot make a class.
    split = split_classes(12, 3, CAP, LOWER, MINIMUM)
    assert split.small_classes == (10,)
    assert split.general_classes == ()
    assert split.seated == 10


def test_a_minimum_above_the_lower_cap_still_lets_small_cap_trainees_be_seated():
    split = split_classes(20, 20, CAP, LOWER, 12)
    assert split.small_classes == (10, 10)


def test_site_table_gets_classes_and_unseated():
    sites = pd.DataFrame({"trainees": [40, 9, 12], "small_cap": [0, 0, 3]}, index=["a", "b", "c"])
    sized = size_sites(sites, cap=CAP, cap_small=LOWER, minimum=MINIMUM)
    assert sized["classes"].tolist() == [3, 0, 1]
    assert sized["seated"].tolist() == [40, 0, 10]
    assert sized["unseated"].tolist() == [0, 9, 2]


@given(
    trainees=st.integers(0, 400),
    small_share=st.floats(0, 1),
    cap=st.integers(1, 40),
    lower=st.integers(1, 40),
    minimum=st.integers(1, 40),
)
def test_no_class_above_its_cap_or_below_the_minimum(trainees, small_share, cap, lower, minimum):
    lower = min(lower, cap)
    small = int(trainees * small_share)
    split = split_classes(trainees, small, cap, lower, minimum)
    assert all(min(minimum, lower) <= n <= lower for n in split.small_classes)
    assert all(min(minimum, cap) <= n <= cap for n in split.general_classes)
    assert sum(split.small_classes) + sum(split.general_classes) == split.seated <= trainees
    # Small-cap trainees sit only in lower-cap classes, at least one in each.
    assert len(split.small_classes) <= split.seated_small <= min(small, sum(split.small_classes))
    assert split.seated_general <= trainees - small


def _most_seated(trainees, small, cap, lower, minimum):
    """Brute force: the most people any numbers of lower-cap and general classes can seat."""
    general, low_small, low_general = trainees - small, min(minimum, lower), min(minimum, cap)
    best = 0
    for k_small in range(small + 1):
        for k_general in range(trainees + 1):
            if k_small * low_small + k_general * low_general > trainees:
                break
            if k_general * low_general > general:
                break
            best = max(best, min(trainees, k_small * lower + min(general, k_general * cap)))
    return best


@given(
    trainees=st.integers(0, 60),
    small=st.integers(0, 60),
    caps=st.sampled_from([(18, 10), (35, 20), (18, 8), (6, 6)]),
    minimum=st.integers(1, 20),
)
def test_no_split_seats_more_people(trainees, small, caps, minimum):
    small = min(small, trainees)
    split = split_classes(trainees, small, *caps, minimum)
    assert split.seated == _most_seated(trainees, small, *caps, minimum)


def test_apportion_gives_whole_people_by_largest_remainder():
    weights = pd.Series([2.5, 1.5, 1.0, 4.0])
    groups = pd.Series(["a", "a", "a", "b"])
    # Group a: 4 seats for 5 people: quotas 2.0, 1.2, 0.8 → 2, 1, 1. Group b: 3 of 4.
    assert apportion(weights, groups, pd.Series({"a": 4, "b": 3})).tolist() == [2, 1, 1, 3]


@given(st.lists(st.floats(0.01, 50), min_size=1, max_size=20), st.floats(0, 1))
def test_apportion_adds_up_and_stays_within_a_seat_of_each_quota(weights, share):
    weights = pd.Series(weights)
    total = int(weights.sum() * share)
    counts = apportion(weights, pd.Series(["g"] * len(weights)), pd.Series({"g": total}))
    assert counts.sum() == total
    quota = weights * total / weights.sum()
    assert ((counts - quota).abs() < 1 + 1e-9).all()


@given(
    st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120)), min_size=1, max_size=20),
    st.integers(1, 20),
)
def test_the_site_table_splits_every_site_as_split_classes_does(sites, minimum):
    sites = [(n, min(s, n)) for n, s in sites]
    frame = pd.DataFrame(sites, columns=["trainees", "small_cap"])
    sized = size_sites(frame, cap=CAP, cap_small=LOWER, minimum=minimum)
    for (n, s), row in zip(sites, sized.itertuples(), strict=True):
        split = split_classes(n, s, CAP, LOWER, minimum)
        assert (row.small_classes, row.general_classes) == (
            split.small_classes,
            split.general_classes,
        )
        assert (row.seated_small, row.seated_general) == (split.seated_small, split.seated_general)
