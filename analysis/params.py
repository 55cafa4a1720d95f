"""The analysis parameters: the one place every default lives.

The web form and the CLI (``--param NAME=VALUE``) hand in strings, so every field accepts its
value as text too and is checked when the object is built: an unknown name or a bad value raises
``ParameterError`` naming the parameter. To add a parameter, add a field with its default and a
docstring line below it, and, when not every value of its type makes sense, a rule in ``_RULES``.
"""

import math
import types
from dataclasses import asdict, dataclass, fields
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

GROUPING_UNITS = ("district", "commune")
MAX_BUDGET_VND = 10**13
"""The largest budget cap (and support amount): ten thousand billion đồng, more than a province
spends on training in many years, and far inside the int64 the costs are summed in."""
MAX_SEED = 2**32 - 1
"""numpy's (and so scikit-learn's) largest seed."""


class ParameterError(ValueError):
    """A parameter with an unknown name or a bad value; ``name`` says which, ``reason`` what is
    wrong with it."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"parameter '{name}': {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Parameters:
    choice_weights: tuple[float, ...] = (1.0, 0.5, 0.25)
    """How much a member's 1st, 2nd and 3rd ranked trade count in demand."""
    grouping_unit: str = "district"
    """The unit demand is estimated and zoned by: "district", or "commune" (after the 2025
    reform)."""
    min_class_size: int = 10
    """The provincial minimum class size: smaller demand is reported, not planned as a class."""
    budget_cap_vnd: int | None = None
    """The budget the selected courses must fit in, in VND; None for no cap."""
    zone_k_range: tuple[int, ...] = (2, 6)
    """The smallest and largest number of zones tried."""
    min_silhouette: float = 0.25
    """The silhouette below which districts are not split into zones (one zone instead)."""
    silhouette_sample_size: int = 2000
    """Units sampled to compute the silhouette (its cost grows with the square of the units)."""
    zone_test_alpha: float = 0.05
    """Zones only when a chi-square test finds the units' demand differs beyond sampling noise at
    this level (a p-value below it)."""
    top_trades: int = 3
    """How many trades describe a zone."""
    random_state: int = 0
    """The seed of every random step, so that the same inputs always give the same plan."""
    days_per_month: int = 22
    """Days of attendance in a month of training, for the meals allowance."""
    cluster_radius_km: float = 10.0
    """How far from home a member who accepts a commune cluster may be placed for a class."""
    district_radius_km: float = 30.0
    """How far from home, within their district, a member who accepts the district may be placed."""
    class_rule: str = "practice_class"
    """The class_rules rule whose caps size classes (its general and lower cap)."""
    level_duration_months: tuple[float, ...] = (2.0, 3.0, 18.0, 30.0)
    """Months of a course per level (thuong_xuyen, so_cap, trung_cap, cao_dang) when the level is
    not the trade's typical one (which uses the trade catalogue's duration)."""
    unsupported_support_vnd: int = 0
    """Training support for a learner in no support group (Decision 46/2015 gives none)."""
    travel_km: float = 15.0
    """Distance from home to the class from which the travel allowance is paid."""
    travel_difficult_km: float = 5.0
    """The same for difficult learners (disability, difficult commune): the higher allowance."""
    score_weights: tuple[float, ...] = (0.4, 0.4, 0.2)
    """Weights of the priority score's parts: demand size, job linkage, priority-group share."""
    priority_max_rank: int = 3
    """Support groups of this rank or higher (1 = highest) count as priority groups in the score."""

    def __post_init__(self):
        for f in fields(self):
            object.__setattr__(self, f.name, check(f.name, getattr(self, f.name)))

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any]) -> "Parameters":
        """Parameters from names and values (text or typed); defaults for names not given.
        The first of ``errors(mapping)`` is raised."""
        for problem in errors(mapping):
            raise problem
        return cls(**mapping)

    def to_dict(self) -> dict[str, Any]:
        """The parameters as JSON-ready values (tuples become lists)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in asdict(self).items()
        }


def check(name: str, value) -> Any:
    """``value`` for the parameter ``name``, parsed if it is text, once it is known to be allowed;
    ParameterError naming the parameter otherwise."""
    hint = _hints().get(name)
    if hint is None:
        raise ParameterError(name, "unknown parameter")
    value = _coerce(name, hint, value)
    rule = _RULES.get(name)
    if rule is not None and value is not None and not rule[0](value):
        raise ParameterError(name, f"must be {rule[1]}, got {value!r}")
    return value


def errors(mapping: dict[str, Any]) -> list[ParameterError]:
    """Every unknown name and bad value of ``mapping``, in its order: each value is checked on
    its own, so that a form can flag all its bad fields at once."""
    problems = []
    for name, value in mapping.items():
        try:
            check(name, value)
        except ParameterError as problem:
            problems.append(problem)
    return problems


@cache
def _hints() -> dict[str, Any]:
    return get_type_hints(Parameters)


def _non_increasing(values) -> bool:
    return all(a >= b for a, b in zip(values, values[1:], strict=False))


# name -> (test on the typed value, what the value must be)
_RULES = {
    "choice_weights": (
        # A weight counts a member as that many people: the first choice counts fully, at most.
        lambda v: len(v) == 3 and all(0 <= w <= 1 for w in v) and v[0] > 0 and _non_increasing(v),
        "three weights from 0 to 1, the first above 0, none above the one before",
    ),
    "grouping_unit": (lambda v: v in GROUPING_UNITS, f"one of {', '.join(GROUPING_UNITS)}"),
    "min_class_size": (lambda v: v >= 1, "an integer ≥ 1"),
    "budget_cap_vnd": (
        lambda v: 0 < v <= MAX_BUDGET_VND,
        f"an amount above 0 and at most {MAX_BUDGET_VND:_}, or empty for no cap",
    ),
    "zone_k_range": (lambda v: len(v) == 2 and 2 <= v[0] <= v[1], "two integers 2 ≤ low ≤ high"),
    "min_silhouette": (lambda v: -1 <= v <= 1, "a number between -1 and 1"),
    "silhouette_sample_size": (lambda v: v >= 2, "an integer ≥ 2"),
    "zone_test_alpha": (lambda v: 0 < v <= 1, "a level above 0 and at most 1"),
    "top_trades": (lambda v: v >= 1, "an integer ≥ 1"),
    "random_state": (lambda v: 0 <= v <= MAX_SEED, f"an integer from 0 to {MAX_SEED}"),
    "days_per_month": (lambda v: 1 <= v <= 31, "an integer between 1 and 31"),
    "cluster_radius_km": (lambda v: v >= 0, "a distance ≥ 0"),
    "district_radius_km": (lambda v: v >= 0, "a distance ≥ 0"),
    "class_rule": (lambda v: v != "", "a rule of the class_rules table"),
    "level_duration_months": (
        lambda v: len(v) == 4 and all(0 < m <= 60 for m in v),
        "four durations above 0 and at most 60 (thuong_xuyen, so_cap, trung_cap, cao_dang)",
    ),
    "unsupported_support_vnd": (
        lambda v: 0 <= v <= MAX_BUDGET_VND, f"an amount from 0 to {MAX_BUDGET_VND:_}"
    ),
    "travel_km": (lambda v: v >= 0, "a distance ≥ 0"),
    "travel_difficult_km": (lambda v: v >= 0, "a distance ≥ 0"),
    "score_weights": (
        lambda v: len(v) == 3 and all(w >= 0 for w in v) and sum(v) > 0,
        "three weights ≥ 0, not all 0 (demand, jobs, priority)",
    ),
    "priority_max_rank": (lambda v: v >= 1, "an integer ≥ 1"),
}

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def _coerce(name: str, hint, value):
    """``value`` as the type ``hint`` names, parsing text; ParameterError when it cannot be."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
            return None
        return _coerce(name, inner[0], value)
    if origin is tuple:
        items = value.split(",") if isinstance(value, str) else value
        try:
            items = list(items)
        except TypeError:
            raise ParameterError(name, f"must be a list of values, got {value!r}") from None
        args = get_args(hint)
        item_types = [args[0]] * len(items) if args[-1] is Ellipsis else list(args)
        if len(item_types) != len(items):
            raise ParameterError(name, f"must have {len(item_types)} values, got {value!r}")
        return tuple(_coerce(name, t, v) for t, v in zip(item_types, items, strict=True))
    if isinstance(value, str) and hint is not str:
        value = value.strip()
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise ParameterError(name, f"must be true or false, got {value!r}")
    if hint is int:
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                pass
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value) and value == int(value):
                return int(value)
        raise ParameterError(name, f"must be a whole number, got {value!r}")
    if hint is float:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                return number
        raise ParameterError(name, f"must be a number, got {value!r}")
    if hint is str:
        if isinstance(value, str):
            return value.strip()
        raise ParameterError(name, f"must be text, got {value!r}")
    raise TypeError(f"parameter '{name}': no parser for {hint!r}")  # a field added without one
