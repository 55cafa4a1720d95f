"""Plan JSON: deterministic, rounded, and reasons written with Vietnamese numbers."""

import json

import numpy as np

from analysis import reasons
from analysis.plan import Plan


def test_json_is_sorted_rounded_and_plain():
    plan = Plan(
        fingerprint="f",
        parameters={"b": 1, "a": (1.0, 0.5)},
        totals={"share": np.float64(1 / 3), "n": np.int64(4), "neg": -0.0, "nan": float("nan")},
    )
    data = json.loads(plan.to_json())
    assert list(data) == sorted(data)
    assert data["parameters"] == {"a": [1.0, 0.5], "b": 1}
    assert data["totals"] == {"share": 0.333333, "n": 4, "neg": 0.0, "nan": None}
    assert plan.to_json() == Plan(**{**plan.__dict__}).to_json()


def test_numbers_are_grouped_the_vietnamese_way():
    assert reasons.number(1234567, "vi") == "1.234.567"
    assert reasons.number(1234567, "en") == "1,234,567"


def test_a_course_reason_reads_its_numbers():
    vi, en = reasons.course_reason(
        trainees=42,
        communes=5,
        jobs_local=30,
        businesses=2,
        unit=("Vị Xuyên", "Vi Xuyen"),
        jobs_zone=0,
        priority=0,
    )
    assert vi == "42 người ở 5 xã muốn học; 30 chỗ làm tại 2 doanh nghiệp ở Vị Xuyên"
    assert en == "42 people in 5 communes want to train; 30 jobs at 2 businesses in Vi Xuyen"


def test_a_left_out_reason_gives_cost_and_budget_left():
    vi, en = reasons.left_out_reason(cost=45_000_000, left=12_000_000, budget=100_000_000)
    assert "45.000.000 đ" in vi and "12.000.000 đ" in vi
    assert "45,000,000 VND" in en and "12,000,000 VND" in en
