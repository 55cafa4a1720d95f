"""The course plan: what ``analysis.recommend.make_plan`` returns.

Plain frozen dataclasses, so that the app can store, show and print a plan without pandas.
``Plan.to_json()`` is deterministic: keys sorted, floats rounded to ``FLOAT_DECIMALS`` places, lists
in the fixed orders documented on each field, so the same inputs and parameters give byte-identical
JSON. Amounts are whole VND; names and reasons come in Vietnamese (``_vi``) and English (``_en``).
"""

import json
import math
from dataclasses import dataclass, field, fields, is_dataclass

FLOAT_DECIMALS = 6


@dataclass(frozen=True)
class ZoneSummary:
    """A zone of units (districts, or communes) with a similar demand profile."""

    zone: int
    units: tuple[str, ...]
    top_trades: tuple[tuple[str, float], ...]
    """(trade, share of the zone's demand), largest first."""


@dataclass(frozen=True)
class Site:
    """Where one trade's classes at one level meet, named by its host commune."""

    id: str
    trade: str
    level: str
    host: str
    """The host commune: the one with the most trainees at the site."""
    district: str
    communes: tuple[str, ...]
    """Home communes of its trainees, by code."""
    trainees: int
    """Estimated trainees wanting the trade here, rounded down to whole people."""
    seated: int
    """Of them, in classes (the rest are in ``Plan.below_minimum``)."""
    max_distance_km: float


@dataclass(frozen=True)
class Course:
    """The classes of a site: one course per trade, level and site."""

    id: str
    site: str
    trade: str
    trade_name_vi: str
    trade_name_en: str
    level: str
    host: str
    unit: str
    """The grouping unit of the host commune (a district by default)."""
    zone: int | None
    trainees: int
    small_cap_trainees: int
    """Trainees who need the lower cap (very small ethnic minorities, disabilities)."""
    priority_trainees: int
    communes: int
    classes: tuple[int, ...]
    """Class sizes: the ``lower_cap_classes`` first, then the general ones."""
    lower_cap_classes: int
    cap: int
    lower_cap: int
    days: int
    jobs_local: int
    """Openings of the same trade and level in the unit, matched to this course."""
    jobs_zone: int
    """Openings elsewhere in the zone, matched to this course."""
    unit_openings: int
    unit_businesses: int
    absorbed_share: float
    outlook: str
    """"employment" (some openings matched) or "self_employment_or_export"."""
    support_vnd: int
    meals_vnd: int
    travel_vnd: int
    cost_vnd: int
    """support + meals + travel, exactly."""
    part_demand: float
    part_jobs: float
    part_priority: float
    score: float
    selected: bool
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class BelowMinimum:
    """Trainees at a site who are in no class, and why."""

    site: str
    trade: str
    level: str
    host: str
    trainees: int
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class Gap:
    """Openings no planned course supplies (a recruitment gap)."""

    unit: str
    trade: str
    level: str
    openings: int
    businesses: int
    matched: int
    unmatched: int
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class LeftOut:
    """A course the budget cap left out."""

    course: str
    cost_vnd: int
    score: float
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class DemandRow:
    """Demand per unit × trade × level (``analysis.demand.estimate_demand``)."""

    unit: str
    trade: str
    level: str
    members: int
    raw: float
    estimate: float
    moe: float | None
    """95 % margin of the estimate; None when it cannot be measured."""


@dataclass(frozen=True)
class UnitSummary:
    """A grouping unit's survey coverage and total demand (``analysis.coverage.unit_coverage``)."""

    unit: str
    communes: int
    communes_surveyed: int
    households: int
    """Households of all its communes (census), those surveyed counted at least."""
    households_surveyed: int
    members: int
    """Trade choices named, unweighted."""
    estimate: float
    """Demand over every trade and level, choice- and survey-weighted."""
    moe: float | None
    """95 % margin of ``estimate``; None when it cannot be measured (one surveyed commune)."""


@dataclass(frozen=True)
class Plan:
    fingerprint: str
    """SHA-256 of the inputs (``Inputs.fingerprint``)."""
    parameters: dict
    reason_vi: str = ""
    """Set when the plan has no course: why."""
    reason_en: str = ""
    budget_vnd: int | None = None
    budget_left_vnd: int | None = None
    demand: tuple[DemandRow, ...] = ()
    """By unit, trade, level."""
    units: tuple[UnitSummary, ...] = ()
    """Every unit of the regions, surveyed or not, by code."""
    zones: tuple[ZoneSummary, ...] = ()
    sites: tuple[Site, ...] = ()
    """By trade, level, host."""
    courses: tuple[Course, ...] = ()
    """By score (highest first), then id."""
    below_minimum: tuple[BelowMinimum, ...] = ()
    """By site."""
    gaps: tuple[Gap, ...] = ()
    """By unmatched openings (most first), then unit, trade, level."""
    left_out: tuple[LeftOut, ...] = ()
    """In the order of ``courses``."""
    totals: dict = field(default_factory=dict)
    """Trainees, classes, courses and cost of the selected courses, and the same for all."""

    def to_dict(self) -> dict:
        """The plan as JSON-ready values."""
        return _clean(self)

    def to_json(self) -> str:
        """Deterministic JSON (UTF-8 text, sorted keys, rounded floats)."""
        return dumps(self.to_dict())


def dumps(plan: dict) -> str:
    """A plan's JSON-ready values as its JSON text: what ``Plan.to_json`` writes, so a plan
    stored as data and read back is written out byte for byte as it was made."""
    return json.dumps(plan, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _clean(value):
    """JSON-ready ``value``. Walks the dataclasses itself: ``dataclasses.asdict`` deep-copies
    every value first, which costs more than the rest on a province's plan."""
    if isinstance(value, str | bool) or value is None:
        return value
    if is_dataclass(value):
        return {f.name: _clean(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, FLOAT_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    if hasattr(value, "item"):  # a numpy scalar
        return _clean(value.item())
    raise TypeError(f"cannot serialise {type(value).__name__}")
