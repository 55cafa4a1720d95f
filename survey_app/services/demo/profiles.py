"""The demo profiles file and the reference rows it names (districts, communes, trades)."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import or_, select

from survey_app.extensions import db
from survey_app.models import Region, RegionLevel, Trade

PROFILES_PATH = Path(__file__).resolve().parents[2] / "data" / "demo_profiles.json"
EDUCATION_ORDER = ("none", "primary", "lower_secondary", "upper_secondary", "vocational",
                   "college_university")
URBAN_LIVELIHOODS = frozenset({"wage_work", "trade_services", "public_sector", "tourism",
                               "remittances"})


class DemoError(Exception):
    """The demo cannot be loaded; the message says why and what to do."""


def read_profiles(path: Path = PROFILES_PATH) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Commune(NamedTuple):
    code: str
    households: int
    lat: float
    lon: float
    name: str
    kind: str | None


@dataclass
class Reference:
    districts: list[str]  # codes, sorted
    district_ids: dict[str, int]
    district_names: dict[str, str]
    communes: dict[str, list[Commune]]  # by district code, sorted by code
    commune_ids: dict[str, int]
    trades: dict[str, Trade]

    @classmethod
    def read(cls, profiles: dict, on: date) -> "Reference":
        valid = (Region.valid_from <= on, or_(Region.valid_to.is_(None), Region.valid_to > on))
        codes = sorted(profiles["districts"])
        districts = {r.code: r for r in db.session.scalars(
            select(Region).where(Region.level == RegionLevel.DISTRICT, Region.code.in_(codes),
                                 *valid)
        )}
        missing = [c for c in codes if c not in districts]
        if missing:
            raise DemoError(_("Reference data is not loaded (districts %(codes)s are missing). "
                              "Run `flask reference load` first.", codes=", ".join(missing)))
        by_id = {r.id: code for code, r in districts.items()}
        communes: dict[str, list[Commune]] = {code: [] for code in codes}
        commune_ids = {}
        query = (select(Region).where(Region.level == RegionLevel.COMMUNE,
                                      Region.parent_id.in_(by_id), *valid).order_by(Region.code))
        for r in db.session.scalars(query):
            parent = districts[by_id[r.parent_id]]
            communes[by_id[r.parent_id]].append(Commune(
                r.code, r.households or 0, r.lat or parent.lat, r.lon or parent.lon, r.name_vi,
                r.kind))
            commune_ids[r.code] = r.id
        empty = [c for c in codes if not communes[c]]
        if empty:
            raise DemoError(_("Reference data has no communes in districts %(codes)s. Run "
                              "`flask reference load` first.", codes=", ".join(empty)))
        wanted = trade_codes(profiles)
        trades = {t.code: t
                  for t in db.session.scalars(select(Trade).where(Trade.code.in_(wanted)))}
        missing = sorted(set(wanted) - set(trades))
        if missing:
            raise DemoError(_("Reference data lacks the trades %(codes)s that the demo profiles "
                              "use. Run `flask reference load` first.", codes=", ".join(missing)))
        return cls(codes, {c: districts[c].id for c in codes},
                   {c: districts[c].name_vi for c in codes}, communes, commune_ids, trades)


def trade_codes(profiles: dict) -> list[str]:
    """Every trade code the profiles use, for households or businesses, sorted."""
    codes = {code for d in profiles["districts"].values() for code in d["trades"]}
    codes |= {code for k in profiles["businesses"]["kinds"].values() for code in k["needs"]}
    return sorted(codes)
