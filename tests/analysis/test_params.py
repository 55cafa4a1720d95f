import json
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from analysis.params import MAX_BUDGET_VND, ParameterError, Parameters, errors


def test_defaults_are_the_documented_ones():
    params = Parameters()
    assert params.choice_weights == (1.0, 0.5, 0.25)
    assert params.grouping_unit == "district"
    assert params.min_class_size == 10
    assert params.budget_cap_vnd is None
    assert params.zone_k_range == (2, 6)
    assert params.min_silhouette == 0.25
    assert params.silhouette_sample_size == 2000
    assert params.top_trades == 3
    assert params.random_state == 0
    assert params.days_per_month == 22


def test_text_from_a_form_or_the_command_line_is_parsed():
    params = Parameters.from_mapping(
        {
            "choice_weights": "1, 0.6, 0.3",
            "grouping_unit": "commune",
            "min_class_size": "12",
            "budget_cap_vnd": "500000000",
            "zone_k_range": "2,4",
            "min_silhouette": "0.3",
        }
    )
    assert params.choice_weights == (1.0, 0.6, 0.3)
    assert params.grouping_unit == "commune"
    assert params.min_class_size == 12
    assert params.budget_cap_vnd == 500_000_000
    assert params.zone_k_range == (2, 4)
    assert params.min_silhouette == 0.3


@pytest.mark.parametrize("empty", ["", "none", "None", None])
def test_an_empty_budget_means_no_cap(empty):
    assert Parameters.from_mapping({"budget_cap_vnd": empty}).budget_cap_vnd is None


def test_an_unknown_name_is_refused_by_name():
    with pytest.raises(ParameterError, match="parameter 'min_clas_size': unknown") as caught:
        Parameters.from_mapping({"min_clas_size": "10"})
    assert caught.value.name == "min_clas_size"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("choice_weights", "1,0.5"),
        ("choice_weights", "0.5,1,0.25"),
        ("choice_weights", "1,-0.5,-1"),
        ("choice_weights", "1,a,0"),
        ("choice_weights", "1e20,0.5,0.25"),  # a member counted as 10^20 people: MemoryError
        ("choice_weights", "2,1,0.5"),
        ("grouping_unit", "province"),
        ("min_class_size", "0"),
        ("min_class_size", "10.5"),
        ("min_class_size", "ten"),
        ("budget_cap_vnd", "-1"),
        ("budget_cap_vnd", "100000000000000000000"),
        ("zone_k_range", "1,4"),
        ("zone_k_range", "5,3"),
        ("zone_k_range", "2,3,4"),
        ("min_silhouette", "1.5"),
        ("min_silhouette", "nan"),
        ("silhouette_sample_size", "1"),
        ("top_trades", "0"),
        ("random_state", "-1"),
        ("random_state", str(2**32)),  # numpy's seeds stop below
        ("level_duration_months", "2,3,18,1e20"),
        ("unsupported_support_vnd", "100000000000000000000"),
        ("days_per_month", "32"),
        ("zone_test_alpha", "0"),
    ],
)
def test_a_bad_value_is_refused_naming_the_parameter(name, value):
    with pytest.raises(ParameterError, match=f"parameter '{name}'") as caught:
        Parameters.from_mapping({name: value})
    assert caught.value.name == name


def test_every_bad_value_is_named_at_once_each_checked_on_its_own():
    problems = errors({"choice_weights": "abc", "min_class_size": "mười", "budget_cap_vnd": "12",
                       "grouping_unit": "province", "colour": "blue"})

    assert [p.name for p in problems] == ["choice_weights", "min_class_size", "grouping_unit",
                                          "colour"]
    with pytest.raises(ParameterError, match="choice_weights"):
        Parameters.from_mapping({"choice_weights": "abc", "min_class_size": "mười"})


def test_the_largest_values_allowed_are_accepted():
    params = Parameters.from_mapping({"choice_weights": "1,1,1", "budget_cap_vnd": "10000000000000",
                                      "random_state": str(2**32 - 1)})
    assert params.budget_cap_vnd == MAX_BUDGET_VND == 10**13


def test_typed_values_are_checked_too():
    with pytest.raises(ParameterError, match="min_class_size"):
        Parameters(min_class_size=0)
    with pytest.raises(ParameterError, match="random_state"):
        Parameters(random_state=True)


def test_parameters_round_trip_through_json():
    params = Parameters(choice_weights=(1, 1, 0), budget_cap_vnd=10**9, grouping_unit="commune")
    data = json.loads(json.dumps(params.to_dict()))
    assert Parameters.from_mapping(data) == params
    assert data["choice_weights"] == [1.0, 1.0, 0.0]


def test_analysis_imports_neither_flask_nor_sqlalchemy():
    code = (
        "import pkgutil, importlib, sys, analysis\n"
        "for m in pkgutil.iter_modules(analysis.__path__):\n"
        "    importlib.import_module('analysis.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('flask', 'sqlalchemy'))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_parameter_is_documented():
    text = (Path(__file__).parents[2] / "docs" / "analysis.md").read_text(encoding="utf-8")
    missing = [f.name for f in fields(Parameters) if f"| `{f.name}` |" not in text]
    assert missing == []
