"""The whole pipeline: checked inputs and parameters → a course plan (DESIGN.md §5).

1. Demand per unit × trade × level and job openings (``analysis.demand``), each unit's coverage
   and total demand with its margin (``analysis.coverage``), zones of units with a similar demand
   profile (``analysis.zones``).
2. The wishes, weighted by ``analysis.demand.expand``, are summed at once per trade, level, home
   commune, place accepted, support group and the two flags: everything after works on these cells,
   never on members, so the plan's cost does not grow with the survey's rows beyond that one sum.
3. Class sites per trade and level (``analysis.sites``); whole trainees per site, classes under the
   caps (``analysis.sizing``); the seated trainees shared back onto their cells (largest
   remainders), so costs (``analysis.costs``) are exact sums over whole people.
4. Openings matched to courses (``analysis.jobs``), the priority score and the budget cap
   (``analysis.select``), reasons in both languages (``analysis.reasons``).
"""

import numpy as np
import pandas as pd

from analysis import reasons
from analysis.costs import COST_PARTS, course_days, trainee_costs
from analysis.coverage import unit_coverage
from analysis.demand import estimate_demand, expand, job_openings
from analysis.inputs import Inputs
from analysis.jobs import link_jobs
from analysis.params import Parameters
from analysis.plan import (
    BelowMinimum,
    Course,
    DemandRow,
    Gap,
    LeftOut,
    Plan,
    Site,
    UnitSummary,
    ZoneSummary,
)
from analysis.select import priority_scores, select_courses
from analysis.sites import assign_sites, commune_locations
from analysis.sizing import apportion, class_caps, size_sites
from analysis.zones import describe_zones, fit_zones

CELL = ["trade", "level", "commune", "place", "support_group", "small_cap", "difficult"]
"""What the wishes are summed by: everything the sites, classes and costs need."""
# Estimates are rounded before whole people are taken, so that a sum of 3.0 computed as
# 2.9999999 in another order is still 3 people.
PEOPLE_DECIMALS = 6


def make_plan(inputs: Inputs, params: Parameters | None = None) -> Plan:
    """The course plan for ``inputs`` under ``params`` (defaults when None).

    An empty survey (or one whose wishes all have a choice weight of 0) gives an empty plan
    whose ``reason_vi``/``reason_en`` say why.
    """
    params = Parameters() if params is None else params
    plan = {
        "fingerprint": inputs.fingerprint(),
        "parameters": params.to_dict(),
        "budget_vnd": params.budget_cap_vnd,
    }
    demand = estimate_demand(inputs, params)
    plan["demand"] = tuple(_demand_rows(demand))
    plan["units"] = tuple(_units(unit_coverage(inputs, params)))
    if not (demand["estimate"] > 0).any():
        vi, en = reasons.NO_WISHES
        return Plan(**plan, reason_vi=vi, reason_en=en, totals=_totals([]))
    zones, zone_of = _zones(demand, params)
    seated, sites = _seat(inputs, params)
    courses, below = _courses(seated, sites, inputs, params, zone_of)
    courses, gaps = link_jobs(courses, job_openings(inputs, params), zone_of)
    courses = priority_scores(courses, params.score_weights)
    courses = courses.sort_values(["score", "course"], ascending=[False, True], ignore_index=True)
    chosen, left = select_courses(
        courses["course"], courses["score"], courses["cost_vnd"], params.budget_cap_vnd
    )
    courses["selected"] = chosen
    names = _names(inputs)
    built = [_course(row, names) for row in courses.itertuples(index=False)]
    if not built:
        plan["reason_vi"], plan["reason_en"] = reasons.NO_CLASS
    return Plan(
        **plan,
        budget_left_vnd=left if params.budget_cap_vnd is not None else None,
        zones=zones,
        sites=tuple(_sites(sites)),
        courses=tuple(built),
        below_minimum=tuple(_below(below, params)),
        gaps=tuple(_gaps(gaps, names)),
        left_out=tuple(_left_out(courses, left, params.budget_cap_vnd)),
        totals=_totals(built),
    )


def _zones(demand: pd.DataFrame, params: Parameters):
    """Zone summaries, and the zone of each unit with demand."""
    profile, model = fit_zones(demand, params)
    if profile.empty:
        return (), pd.Series(dtype="int64")
    zone_of = pd.Series(model.labels_, index=profile.index, dtype="int64")
    summaries = tuple(
        ZoneSummary(zone=zone, units=units, top_trades=top)
        for zone, units, top in describe_zones(demand, zone_of, params.top_trades)
    )
    return summaries, zone_of


def _seat(inputs: Inputs, params: Parameters):
    """The wishes summed into cells and placed at sites, and the sites with their classes.

    Returns ``seated`` (the cells with trainees in classes: ``site``, ``trade``, ``level``,
    ``commune``, ``support_group``, ``difficult``, ``distance_km`` and ``count``, whole people) and
    ``sites`` (one row per site id, sized by ``analysis.sizing.size_sites``). Cells are kept as
    integer codes until the few that are seated; text is built for the sites only.
    """
    wishes = expand(inputs.wishes, inputs.coverage, inputs.regions, params)
    code, name, estimate = _sum_cells(wishes)
    del wishes
    locations = commune_locations(inputs.regions, inputs.wishes)
    # Placement units: trade × level × commune × place (cells are sorted by these first).
    unit_columns = ["trade", "level", "commune", "place"]
    _, unit_first, unit_of = np.unique(
        _combine(code, name, unit_columns), return_index=True, return_inverse=True
    )
    units = pd.DataFrame({c: name[c][code[c][unit_first]] for c in unit_columns})
    units["estimate"] = np.bincount(unit_of, weights=estimate)
    placed = assign_sites(
        units,
        locations,
        cluster_radius_km=params.cluster_radius_km,
        district_radius_km=params.district_radius_km,
    )
    code["host"] = np.searchsorted(name["commune"], placed["host"].to_numpy())[unit_of]
    name["host"] = name["commune"]
    distance = placed["distance_km"].to_numpy()[unit_of]
    _, site_first, site_of = np.unique(
        _combine(code, name, ["trade", "level", "host"]), return_index=True, return_inverse=True
    )
    small = code["small_cap"].astype(bool)
    n_sites = len(site_first)
    host = name["commune"][code["host"][site_first]]
    sites = pd.DataFrame(
        {
            "trade": name["trade"][code["trade"][site_first]],
            "level": name["level"][code["level"][site_first]],
            "host": host,
            "district": locations["district"].reindex(host).to_numpy(),
            "estimate": np.bincount(site_of, weights=estimate, minlength=n_sites),
            "small_estimate": np.bincount(site_of, weights=estimate * small, minlength=n_sites),
            "max_distance_km": pd.Series(distance).groupby(site_of).max().to_numpy(),
            "commune_only": np.bincount(
                site_of, weights=name["place"][code["place"]] != "commune", minlength=n_sites
            )
            == 0,
            "communes": _communes_per_site(site_of, code["commune"], name["commune"]),
        }
    )
    sites.index = sites["trade"] + "-" + sites["level"] + "-" + sites["host"]
    sites["trainees"] = _people(sites["estimate"])
    sites["small_cap"] = np.minimum(_people(sites["small_estimate"]), sites["trainees"])
    cap, cap_small = class_caps(inputs.class_rules, params.class_rule)
    sites = size_sites(sites, cap=cap, cap_small=cap_small, minimum=params.min_class_size)
    sites["cap"], sites["lower_cap"] = cap, cap_small
    # Seated people back onto cells: small-cap seats onto small-cap cells, the others onto the rest.
    seats = np.empty(2 * n_sites, dtype="int64")
    seats[0::2], seats[1::2] = sites["seated_general"], sites["seated_small"]
    count = apportion(pd.Series(estimate), pd.Series(2 * site_of + small), pd.Series(seats))
    keep = count > 0
    seated = pd.DataFrame(
        {
            "site": sites.index.to_numpy()[site_of[keep]],
            **{c: name[c][code[c][keep]] for c in ("trade", "level", "commune", "support_group")},
            "difficult": code["difficult"][keep].astype(bool),
            "distance_km": distance[keep],
            "count": count[keep],
        }
    )
    return seated, sites


def _sum_cells(wishes: pd.DataFrame):
    """``estimate`` summed per ``CELL`` key: the codes of each column per cell (``code``), the
    values the codes stand for (``name``, sorted, so code order is value order) and the sums.
    Cells are sorted by their key; cells with no estimate are left out.

    The same as a groupby on the seven columns, but keyed by one integer built from each column's
    codes: grouping text columns directly costs several times more on a province's rows.
    """
    code, name = {}, {}
    for column in CELL:
        codes, uniques = pd.factorize(wishes[column], sort=True)
        code[column], name[column] = codes, np.asarray(uniques)
    keys, inverse = np.unique(_combine(code, name, CELL), return_inverse=True)
    estimate = np.bincount(inverse, weights=wishes["estimate"].to_numpy(dtype=float))
    for column in reversed(CELL):
        keys, code[column] = np.divmod(keys, len(name[column]))
    keep = estimate > 0
    return {c: codes[keep] for c, codes in code.items()}, name, estimate[keep]


def _combine(code: dict, name: dict, columns: list[str]) -> np.ndarray:
    """One int64 per row from the codes of ``columns``, ordered like the columns' values."""
    key = np.zeros(len(code[columns[0]]), dtype="int64")
    for column in columns:
        key = key * len(name[column]) + code[column]
    return key


def _communes_per_site(site_of, commune, names) -> list[tuple[str, ...]]:
    """The home communes of each site, by code, in the order of the sites."""
    pairs = np.unique(site_of.astype("int64") * len(names) + commune)
    site, home = np.divmod(pairs, len(names))
    starts = np.flatnonzero(np.diff(site)) + 1
    return [tuple(part) for part in np.split(names[home], starts)]


def _people(estimate: pd.Series) -> np.ndarray:
    return np.floor(np.round(estimate.to_numpy(dtype=float), PEOPLE_DECIMALS)).astype("int64")


def _courses(seated, sites, inputs: Inputs, params: Parameters, zone_of: pd.Series):
    """One row per site with classes (costs and trainee counts summed), and the unseated."""
    seated["days"] = course_days(
        inputs.trades,
        seated["trade"],
        seated["level"],
        level_duration_months=params.level_duration_months,
        days_per_month=params.days_per_month,
    )
    seated = trainee_costs(
        seated,
        support_norms=inputs.support_norms,
        allowances=inputs.allowances,
        unsupported_support_vnd=params.unsupported_support_vnd,
        travel_km=params.travel_km,
        travel_difficult_km=params.travel_difficult_km,
    )
    rank = seated["support_group"].map(inputs.support_norms.set_index("group_code")["rank"])
    seated["priority"] = seated["count"].where(rank <= params.priority_max_rank, 0)
    per_site = seated.groupby("site", sort=True).agg(
        days=("days", "first"),
        priority=("priority", "sum"),
        home_communes=("commune", "nunique"),
        **{part: (part, "sum") for part in (*COST_PARTS, "cost_vnd")},
    )
    courses = sites[sites["classes"] > 0].join(per_site, how="inner")
    courses = courses.reset_index(names="course")
    courses["site"] = courses["course"]
    courses["unit"] = courses["district"] if params.grouping_unit == "district" else courses["host"]
    courses["zone"] = courses["unit"].map(zone_of)
    courses = courses.rename(columns={"priority": "seated_priority"})
    below = sites[sites["unseated"] > 0].reset_index(names="site")
    return courses, below


def _names(inputs: Inputs):
    regions = inputs.regions.set_index("code")
    trades = inputs.trades.set_index("code")
    return {
        "region": dict(
            zip(
                regions.index, zip(regions["name_vi"], regions["name_en"], strict=True), strict=True
            )
        ),
        "trade": dict(
            zip(trades.index, zip(trades["name_vi"], trades["name_en"], strict=True), strict=True)
        ),
    }


def _course(row, names) -> Course:
    unit = names["region"].get(row.unit, (row.unit, row.unit))
    vi, en = reasons.course_reason(
        trainees=int(row.seated),
        communes=int(row.home_communes),
        jobs_local=int(row.jobs_local),
        businesses=int(row.unit_businesses),
        unit=unit,
        jobs_zone=int(row.jobs_zone),
        priority=int(row.seated_priority),
    )
    trade_vi, trade_en = names["trade"][row.trade]
    return Course(
        id=row.course,
        site=row.site,
        trade=row.trade,
        trade_name_vi=trade_vi,
        trade_name_en=trade_en,
        level=row.level,
        host=row.host,
        unit=row.unit,
        zone=None if pd.isna(row.zone) else int(row.zone),
        trainees=int(row.seated),
        small_cap_trainees=int(row.seated_small),
        priority_trainees=int(row.seated_priority),
        communes=int(row.home_communes),
        classes=tuple(int(n) for n in (*row.small_classes, *row.general_classes)),
        lower_cap_classes=len(row.small_classes),
        cap=int(row.cap),
        lower_cap=int(row.lower_cap),
        days=int(row.days),
        jobs_local=int(row.jobs_local),
        jobs_zone=int(row.jobs_zone),
        unit_openings=int(row.unit_openings),
        unit_businesses=int(row.unit_businesses),
        absorbed_share=float(row.absorbed_share),
        outlook=row.outlook,
        support_vnd=int(row.support_vnd),
        meals_vnd=int(row.meals_vnd),
        travel_vnd=int(row.travel_vnd),
        cost_vnd=int(row.cost_vnd),
        part_demand=float(row.part_demand),
        part_jobs=float(row.part_jobs),
        part_priority=float(row.part_priority),
        score=float(row.score),
        selected=bool(row.selected),
        reason_vi=vi,
        reason_en=en,
    )


def _rows(frame: pd.DataFrame, columns: list[str]):
    """Tuples of plain Python values, one per row: far cheaper than ``itertuples`` on text."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


def _sites(sites: pd.DataFrame):
    columns = [
        "trade",
        "level",
        "host",
        "district",
        "communes",
        "trainees",
        "seated",
        "max_distance_km",
    ]
    for site, row in zip(sites.index.tolist(), _rows(sites, columns), strict=True):
        yield Site(site, *row)


def _below(below: pd.DataFrame, params: Parameters):
    columns = ["site", "trade", "level", "host", "unseated", "seated", "commune_only"]
    for site, trade, level, host, unseated, seated, commune_only in _rows(below, columns):
        vi, en = reasons.below_minimum_reason(
            trainees=unseated,
            seated=seated,
            minimum=params.min_class_size,
            place="commune" if commune_only else "",
        )
        yield BelowMinimum(site, trade, level, host, unseated, vi, en)


def _gaps(gaps: pd.DataFrame, names):
    gaps = gaps.sort_values(
        ["unmatched", "unit", "trade", "level"], ascending=[False, True, True, True]
    )
    for row in gaps.itertuples(index=False):
        vi, en = reasons.gap_reason(
            unmatched=int(row.unmatched),
            openings=int(row.openings),
            businesses=int(row.businesses),
            unit=names["region"].get(row.unit, (row.unit, row.unit)),
        )
        yield Gap(
            unit=row.unit,
            trade=row.trade,
            level=row.level,
            openings=int(row.openings),
            businesses=int(row.businesses),
            matched=int(row.matched),
            unmatched=int(row.unmatched),
            reason_vi=vi,
            reason_en=en,
        )


def _left_out(courses: pd.DataFrame, left: int, budget: int | None):
    if budget is None:
        return
    for row in courses[~courses["selected"]].itertuples(index=False):
        vi, en = reasons.left_out_reason(cost=int(row.cost_vnd), left=left, budget=budget)
        yield LeftOut(
            course=row.course,
            cost_vnd=int(row.cost_vnd),
            score=float(row.score),
            reason_vi=vi,
            reason_en=en,
        )


def _demand_rows(demand: pd.DataFrame):
    for row in demand.itertuples(index=False):
        yield DemandRow(
            unit=row.unit,
            trade=row.trade,
            level=row.level,
            members=int(row.members),
            raw=float(row.raw),
            estimate=float(row.estimate),
            moe=None if pd.isna(row.moe) else float(row.moe),
        )


def _units(units: pd.DataFrame):
    for row in units.itertuples(index=False):
        yield UnitSummary(
            unit=row.unit,
            communes=int(row.communes),
            communes_surveyed=int(row.communes_surveyed),
            households=int(row.households),
            households_surveyed=int(row.households_surveyed),
            members=int(row.members),
            estimate=float(row.estimate),
            moe=None if pd.isna(row.moe) else float(row.moe),
        )


def _totals(courses: list[Course]) -> dict:
    selected = [c for c in courses if c.selected]

    def total(chosen):
        return {
            "courses": len(chosen),
            "classes": sum(len(c.classes) for c in chosen),
            "trainees": sum(c.trainees for c in chosen),
            "cost_vnd": sum(c.cost_vnd for c in chosen),
        }

    return {"all": total(courses), "selected": total(selected)}
