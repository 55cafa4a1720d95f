"""What the planner's dashboard shows beyond progress: demand by district and trade, jobs
against supply, and the state of the data. Figures come from the analysis package (the
same estimates a plan uses), with default parameters and every response not rejected."""

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select

from analysis.demand import TOTAL, demand_table, job_openings
from analysis.params import Parameters
from survey_app.extensions import db
from survey_app.models import BusinessResponse, HouseholdResponse, ReviewStatus, SurveyRound, Trade
from survey_app.services import plan_inputs, quality

HEAT_LEVELS = 5
TOP_TRADES = 12


@dataclass(frozen=True)
class Cell:
    estimate: float
    members: int
    heat: int  # 0 (none) to HEAT_LEVELS (the largest cell of the table)


@dataclass(frozen=True)
class TradeRow:
    code: str
    name: str
    cells: list[Cell]  # one per district, in the order of ``Demand.districts``
    total: Cell


@dataclass(frozen=True)
class Demand:
    districts: list[tuple[str, str]]  # (code, name)
    trades: list[TradeRow]  # the TOP_TRADES most wanted, most first
    top_by_district: list[tuple[str, list[tuple[str, float]]]]  # district name, (trade, estimate)
    jobs: list[tuple[str, float, int, int]]  # trade name, demand, openings, businesses


def data_version(survey_round: SurveyRound) -> tuple:
    """What the demand and data-quality figures are computed from, in a few numbers: they change
    whenever a response of the round is added, edited (a new version) or reviewed, or a trade is
    renamed. Cheap next to the figures (a province's take seconds), so a page may keep those
    while this stays the same."""
    R, B = HouseholdResponse, BusinessResponse
    households = db.session.execute(
        select(func.count(R.id), func.max(R.id), func.max(R.reviewed_at))
        .where(R.round_id == survey_round.id)).one()
    statuses = sorted((str(status), count)
                      for status, count in quality.status_counts(survey_round).items())
    businesses = db.session.execute(
        select(func.count(B.id), func.max(B.id)).where(B.round_id == survey_round.id)).one()
    trades = db.session.scalar(select(func.max(Trade.updated_at)))
    return (survey_round.id, *households, *statuses, *businesses, trades)


def demand(survey_round: SurveyRound, language: str) -> Demand | None:
    """The round's demand overview, or None before any household has named a trade."""
    answered = select(HouseholdResponse.id).where(HouseholdResponse.round_id == survey_round.id)
    if db.session.scalar(answered.limit(1)) is None:
        return None
    inputs = plan_inputs.build(survey_round)
    if inputs.wishes.empty:
        return None
    params = Parameters()
    table = demand_table(inputs, params)
    names = _names(inputs.regions, language)
    trade_names = _names(inputs.trades, language)
    districts = [code for code in table.index if code != TOTAL]
    totals = table.loc[TOTAL]
    trades = [t for t in table.columns.get_level_values("trade").unique() if t != TOTAL]
    ranked = sorted(trades, key=lambda t: (-totals[t, "estimate"], t))
    shown = ranked[:TOP_TRADES]
    largest = max((table.loc[d, (t, "estimate")] for d in districts for t in shown), default=0)

    def cell(district, trade, scale=largest) -> Cell:
        estimate = float(table.loc[district, (trade, "estimate")])
        heat = math.ceil(HEAT_LEVELS * estimate / scale) if scale and estimate > 0 else 0
        return Cell(estimate, int(table.loc[district, (trade, "members")]), heat)

    rows = [TradeRow(t, trade_names.get(t, t), [cell(d, t) for d in districts], cell(TOTAL, t, 0))
            for t in shown]
    top_by_district = [
        (names.get(d, d), [(trade_names.get(t, t), float(table.loc[d, (t, "estimate")]))
                           for t in sorted(trades,
                                           key=lambda t: (-table.loc[d, (t, "estimate")], t))[:3]
                           if table.loc[d, (t, "estimate")] > 0])
        for d in districts
    ]
    return Demand([(d, names.get(d, d)) for d in districts], rows, top_by_district,
                  _jobs(inputs, params, totals, trades, trade_names))


def _jobs(inputs, params, totals, trades, trade_names) -> list[tuple[str, float, int, int]]:
    """Per trade with openings or demand: province demand, openings, businesses hiring."""
    openings = job_openings(inputs, params)
    by_trade = openings.groupby("trade").agg(openings=("openings", "sum"),
                                             businesses=("businesses", "sum"))
    codes = sorted(set(by_trade.index) | set(trades),
                   key=lambda t: (-int(by_trade["openings"].get(t, 0)), t))
    return [(trade_names.get(t, t), float(totals[t, "estimate"]) if t in trades else 0.0,
             int(by_trade["openings"].get(t, 0)), int(by_trade["businesses"].get(t, 0)))
            for t in codes if t in by_trade.index]


def _names(table: pd.DataFrame, language: str) -> dict[str, str]:
    column = "name_en" if language == "en" else "name_vi"
    return {code: (name or vi)
            for code, name, vi in zip(table["code"], table[column], table["name_vi"], strict=True)}


def data_quality(survey_round: SurveyRound) -> dict[str, int]:
    """Responses carrying each flag, and those sent back and rejected."""
    statuses = quality.status_counts(survey_round)
    return {**quality.flag_counts([HouseholdResponse.round_id == survey_round.id]),
            "has_issues": statuses.get(ReviewStatus.HAS_ISSUES, 0),
            "rejected": statuses.get(ReviewStatus.REJECTED, 0)}
