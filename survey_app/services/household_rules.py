"""The one set of rules a household response must meet, for the form, the API and imports.

``validate`` takes the answer as the tablet or the form sends it
(docs/household-sync.md) and returns its normalized form: every key of the
contract present, text stripped, empty optional text as ``None``, unknown keys
dropped. Free text is kept as typed, markup included: pages escape it when
they show it, and stripping it would change what the household said.

Errors are keyed by the field's path, with 1-based numbers as the surveyor
sees them (``members[2].birth_year`` is the second member), and each message
names the field and the member, so it can be shown on its own.
"""

import re
from datetime import UTC, datetime, timedelta

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Region, RegionLevel, RoundStatus, Trade, User
from survey_app.services.rounds import current_round
from survey_app.services.users import area_ids

POVERTY_STATUSES = ("poor", "near_poor", "none")
LIVELIHOODS = ("crops", "livestock", "forestry", "wage_work", "trade_services", "tourism",
               "public_sector", "remittances")
SEXES = ("female", "male")
EDUCATIONS = ("none", "primary", "lower_secondary", "upper_secondary", "vocational",
              "college_university")
CURRENT_WORK = ("farming", "wage_work", "self_employed", "unemployed", "housework", "student")
LEVELS = ("thuong_xuyen", "so_cap", "trung_cap", "cao_dang")
STUDY_PLACES = ("commune", "commune_cluster", "district", "province")
WORK_AWAY = ("no", "outside_province", "abroad")
PRIORITY_FLAGS = ("poor_household", "near_poor_household", "ethnic_minority", "disability",
                  "revolutionary_merit", "demobilised_soldier", "land_recovered",
                  "woman_lost_job")

MAX_MEMBERS = 20
MAX_TRADES = 3
HOUSEHOLD_SIZE = (1, 30)
# Youngest and oldest member, in years: ages outside 15–60 are kept, review flags them, the
# surveyor may be right.
MEMBER_AGE = (10, 100)
MAX_DURATION_MONTHS = (1, 36)
MEMBER_NUMBERS = ("birth_year", "max_duration_months")
# Tablet clocks drift; a finish time a few minutes ahead of the server is not a forgery.
CLOCK_SKEW = timedelta(minutes=10)
PHONE_RE = re.compile(r"(?:0|\+84)[0-9]{8,10}")
# Separators people type inside a phone number; removed before the digits are checked.
PHONE_SEPARATORS = re.compile(r"[\s.()-]")

LABELS = {
    "round_id": _l("survey round"),
    "commune_code": _l("commune"),
    "village": _l("village"),
    "consent": _l("consent"),
    "started_at": _l("start time"),
    "finished_at": _l("finish time"),
    "gps": _l("GPS position"),
    "gps_lat": _l("GPS latitude"),
    "gps_lon": _l("GPS longitude"),
    "gps_accuracy_m": _l("GPS accuracy"),
    "head_name": _l("head of household's name"),
    "phone": _l("phone number"),
    "household_size": _l("household size"),
    "ethnicity": _l("ethnicity"),
    "poverty_status": _l("poverty status"),
    "main_livelihood": _l("main livelihood"),
    "members": _l("members who want training"),
    "sex": _l("sex"),
    "birth_year": _l("year of birth"),
    "education": _l("education"),
    "current_work": _l("current work"),
    "trades": _l("trades wanted"),
    "desired_level": _l("desired level"),
    "max_duration_months": _l("longest course duration"),
    "study_place": _l("place of study"),
    "can_board": _l("can board away from home"),
    "work_away": _l("willing to work away"),
    "work_away_where": _l("where to work away"),
    "constraints": _l("constraints"),
    "poor_household": _l("poor household"),
    "near_poor_household": _l("near-poor household"),
    "ethnic_minority": _l("ethnic minority"),
    "disability": _l("disability"),
    "revolutionary_merit": _l("family of revolutionary merit"),
    "demobilised_soldier": _l("demobilised soldier"),
    "land_recovered": _l("farmland recovered"),
    "woman_lost_job": _l("woman who lost her job"),
}

MESSAGES = {
    "required": _l("%(field)s is required"),
    "invalid": _l("%(field)s is not valid"),
    "choice": _l("%(field)s is not one of the listed choices"),
    "too_long": _l("%(field)s is too long (at most %(max)s characters)"),
    "too_short": _l("%(field)s is too short (at least %(min)s characters)"),
    "range": _l("%(field)s must be between %(min)s and %(max)s"),
    "below_members": _l("%(field)s is smaller than the number of members listed (%(members)s)"),
    "not_a_number": _l("%(field)s must be a number"),
    "yes_no": _l("%(field)s must be yes or no"),
    "round_closed": _l("%(field)s is not the round open now"),
    "commune_unknown": _l("%(field)s is not a commune of the province"),
    "outside_area": _l("%(field)s is not in your assigned area"),
    "no_consent": _l("%(field)s: the household must agree to the interview"),
    "no_offset": _l("%(field)s must give its time zone offset"),
    "future": _l("%(field)s is in the future"),
    "before_start": _l("%(field)s is before the start time"),
    "gps_partial": _l("%(field)s: give latitude, longitude and accuracy together, or none"),
    "phone": _l("%(field)s must have 9 to 11 digits and start with 0 or +84"),
    "members_count": _l("%(field)s: between 1 and %(max)s members"),
    "trades_count": _l("%(field)s: choose 1 to %(max)s trades"),
    "trade_unknown": _l("%(field)s: trade %(rank)s is not in the trade catalogue"),
    "trade_repeated": _l("%(field)s: trade %(rank)s is chosen twice"),
    "trade_other": _l("%(field)s: trade %(rank)s needs a catalogue code or a description "
                      "of %(min)s to %(max)s characters"),
}
MEMBER_PREFIX = _l("Member %(number)s: %(message)s")
YEAR_FIELDS = frozenset({"birth_year"})


class InvalidResponse(Exception):
    """The answer breaks the rules; ``errors`` maps each field path to its message."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def shown(field: str, params: dict) -> dict:
    """``params`` of a message about ``field``, with numbers written as the reader writes them
    ("10.000" in Vietnamese, "10,000" in English), except years ("2016", never "2.016")."""
    if field in YEAR_FIELDS:
        return params
    return {name: format_decimal(value)
            if isinstance(value, int | float) and not isinstance(value, bool) else value
            for name, value in params.items()}


def _render(kind: str, field: str, member: int | None, params: dict) -> str:
    # str() of a lazy string translates it into the language of the moment.
    text = str(MESSAGES[kind]) % {"field": str(LABELS[field]), **shown(field, params)}
    if member is None:
        return text[:1].upper() + text[1:]
    return str(MEMBER_PREFIX) % {"number": member, "message": text}


def message(kind: str, field: str, member: int | str | None = None, **params) -> LazyString:
    """The message for ``field``, translated when shown, in the reader's language."""
    return LazyString(_render, kind, field, member, params)


def number_limits(year: int) -> dict[str, tuple[int, int]]:
    """The lowest and highest value of each whole-number answer that ``validate`` accepts in
    ``year``, by field name (a member's fields included)."""
    youngest, oldest = MEMBER_AGE
    return {"household_size": HOUSEHOLD_SIZE, "birth_year": (year - oldest, year - youngest),
            "max_duration_months": MAX_DURATION_MONTHS}


def form_limits(year: int) -> dict[str, dict]:
    """What a form checks before it sends: ``number_limits`` with the messages ``validate``
    gives, in the reader's language; a member's messages hold ``%(number)s`` for the member's
    number, so the form that checks them says the same words as the server."""
    limits = {}
    for field, (low, high) in number_limits(year).items():
        member = "%(number)s" if field in MEMBER_NUMBERS else None
        limits[field] = {"min": low, "max": high,
                         "range": str(message("range", field, member, min=low, max=high)),
                         "not_a_number": str(message("not_a_number", field, member))}
    limits["household_size"]["below_members"] = str(
        message("below_members", "household_size", members="%(members)s"))
    return limits


class _Checker:
    """Reads one part of the answer (the household or one member), collecting errors."""

    def __init__(self, data: dict, errors: dict, *, prefix: str = "", member: int | None = None):
        self.data, self.errors, self.prefix, self.member = data, errors, prefix, member

    def fail(self, field: str, kind: str, *, key: str | None = None, **params) -> None:
        self.errors.setdefault(self.prefix + (key or field),
                               message(kind, field, self.member, **params))

    def text(self, field: str, max_length: int, *, required=False, min_length=0) -> str | None:
        value = self.data.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            return self.fail(field, "invalid")
        value = value.strip()
        if not value:
            if required:
                self.fail(field, "required")
            return None
        if len(value) > max_length:
            return self.fail(field, "too_long", max=max_length)
        if len(value) < min_length:
            return self.fail(field, "too_short", min=min_length)
        return value

    def choice(self, field: str, choices: tuple[str, ...]) -> str | None:
        value = self.data.get(field)
        if value is None or value == "":
            return self.fail(field, "required")
        if value not in choices:
            return self.fail(field, "choice")
        return value

    def integer(self, field: str, low: int, high: int, *, required=True) -> int | None:
        value = self.data.get(field)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            if not re.fullmatch(r"[+-]?[0-9]+", value):
                return self.fail(field, "not_a_number")
            if len(value.lstrip("+-0")) > 18:
                # Outside every range here: said so without converting it (int() of
                # thousands of digits is slow, then refused).
                return self.fail(field, "range", min=low, max=high)
            value = int(value)
        if value is None or value == "":
            if required:
                self.fail(field, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or \
                (isinstance(value, float) and not value.is_integer()):
            return self.fail(field, "not_a_number")
        if not low <= value <= high:
            return self.fail(field, "range", min=low, max=high)
        return int(value)

    def number(self, field: str, low: float, high: float) -> float | None:
        value = self.data.get(field)
        if isinstance(value, str) and value.strip():
            try:
                value = float(value)
            except ValueError:
                return self.fail(field, "not_a_number")
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return self.fail(field, "not_a_number")
        if not low <= value <= high:
            return self.fail(field, "range", min=low, max=high)
        return float(value)

    def flag(self, field: str) -> bool:
        value = self.data.get(field, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(field, "yes_no")
            return False
        return value

    def moment(self, field: str) -> datetime | None:
        value = self.data.get(field)
        if value is None or value == "":
            return self.fail(field, "required")
        if not isinstance(value, str) or len(value) > 40:
            return self.fail(field, "invalid")
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return self.fail(field, "invalid")
        if moment.tzinfo is None:
            return self.fail(field, "no_offset")
        return moment


def validate(data: dict, *, surveyor: User, now: datetime | None = None) -> dict:
    """The normalized answer (without ``instance_id``/``replaces``), or ``InvalidResponse``."""
    if not isinstance(data, dict):
        raise InvalidResponse({"payload": _l("The response must be a JSON object.")})
    errors: dict = {}
    check = _Checker(data, errors)
    answer = {
        "round_id": _round_id(check),
        "commune_code": _commune_code(check, surveyor),
        "village": check.text("village", 120),
        "consent": _consent(check),
        **_times(check, now or datetime.now(UTC)),
        **_gps(check),
        "head_name": check.text("head_name", 200, required=True),
        "phone": _phone(check),
        "household_size": check.integer("household_size", *HOUSEHOLD_SIZE),
        "ethnicity": check.text("ethnicity", 60, required=True),
        "poverty_status": check.choice("poverty_status", POVERTY_STATUSES),
        "main_livelihood": check.choice("main_livelihood", LIVELIHOODS),
        "members": _members(check, errors, now or datetime.now(UTC)),
    }
    # Everyone listed lives in the household: fewer people than members is a typing slip.
    if answer["household_size"] is not None and len(answer["members"]) > answer["household_size"]:
        check.fail("household_size", "below_members", members=len(answer["members"]))
    if errors:
        raise InvalidResponse(errors)
    return answer


def find_commune(code: str) -> Region | None:
    """The commune of the province that carries ``code`` today."""
    return db.session.scalar(
        select(Region)
        .where(Region.level == RegionLevel.COMMUNE, Region.code == code,
               Region.valid_to.is_(None))
        .order_by(Region.valid_from.desc())
        .limit(1)
    )


def _round_id(check: _Checker) -> int | None:
    round_id = check.integer("round_id", 1, 2**31 - 1)
    if round_id is None:
        return None
    survey_round = current_round()
    if survey_round is None or survey_round.status != RoundStatus.OPEN or \
            survey_round.id != round_id:
        return check.fail("round_id", "round_closed")
    return round_id


def _commune_code(check: _Checker, surveyor: User) -> str | None:
    code = check.text("commune_code", 10, required=True)
    if code is None:
        return None
    commune = find_commune(code)
    if commune is None:
        return check.fail("commune_code", "commune_unknown")
    # A district assignment covers every commune in it.
    if not area_ids(surveyor) & {commune.id, commune.parent_id}:
        return check.fail("commune_code", "outside_area")
    return code


def _consent(check: _Checker) -> bool | None:
    if check.data.get("consent") is not True:
        return check.fail("consent", "no_consent")
    return True


def _times(check: _Checker, now: datetime) -> dict:
    started, finished = check.moment("started_at"), check.moment("finished_at")
    for field, moment in (("started_at", started), ("finished_at", finished)):
        if moment is not None and moment > now + CLOCK_SKEW:
            check.fail(field, "future")
    if started is not None and finished is not None and finished < started:
        check.fail("finished_at", "before_start")
    return {"started_at": started and started.isoformat(),
            "finished_at": finished and finished.isoformat()}


def _gps(check: _Checker) -> dict:
    fields = ("gps_lat", "gps_lon", "gps_accuracy_m")
    given = [check.data.get(f) not in (None, "") for f in fields]
    if not any(given):
        return dict.fromkeys(fields)
    if not all(given):
        check.fail("gps", "gps_partial")
        return dict.fromkeys(fields)
    return {"gps_lat": check.number("gps_lat", -90, 90),
            "gps_lon": check.number("gps_lon", -180, 180),
            "gps_accuracy_m": check.number("gps_accuracy_m", 0, 1e7)}


def _phone(check: _Checker) -> str | None:
    phone = check.text("phone", 30)
    if phone is None:
        return None
    phone = PHONE_SEPARATORS.sub("", phone)
    if not PHONE_RE.fullmatch(phone):
        return check.fail("phone", "phone")
    return phone


def _members(check: _Checker, errors: dict, now: datetime) -> list[dict]:
    members = check.data.get("members")
    if not isinstance(members, list) or not 1 <= len(members) <= MAX_MEMBERS:
        check.fail("members", "members_count", max=MAX_MEMBERS)
        return []
    active = _active_trade_codes(members)
    limits = number_limits(now.year)
    return [_member(_Checker(m if isinstance(m, dict) else {}, errors,
                             prefix=f"members[{n}].", member=n), active, limits)
            for n, m in enumerate(members, start=1)]


def _active_trade_codes(members: list) -> set[str]:
    codes = {str(t["code"]).strip().upper()
             for m in members if isinstance(m, dict) and isinstance(m.get("trades"), list)
             for t in m["trades"] if isinstance(t, dict) and t.get("code")}
    if not codes:
        return set()
    return set(db.session.scalars(
        select(Trade.code).where(Trade.code.in_(codes), Trade.active.is_(True))))


def _member(check: _Checker, active_codes: set[str], limits: dict) -> dict:
    member = {
        "sex": check.choice("sex", SEXES),
        "birth_year": check.integer("birth_year", *limits["birth_year"]),
        "education": check.choice("education", EDUCATIONS),
        "current_work": check.choice("current_work", CURRENT_WORK),
        "trades": _trades(check, active_codes),
        "desired_level": check.choice("desired_level", LEVELS),
        "max_duration_months": check.integer(
            "max_duration_months", *limits["max_duration_months"], required=False),
        "study_place": check.choice("study_place", STUDY_PLACES),
        "can_board": check.flag("can_board"),
        "work_away": check.choice("work_away", WORK_AWAY),
        "work_away_where": check.text("work_away_where", 120),
        "constraints": check.text("constraints", 500),
    }
    member.update((flag, check.flag(flag)) for flag in PRIORITY_FLAGS)
    return member


def _trades(check: _Checker, active_codes: set[str]) -> list[dict]:
    trades = check.data.get("trades")
    if not isinstance(trades, list) or not 1 <= len(trades) <= MAX_TRADES:
        check.fail("trades", "trades_count", max=MAX_TRADES)
        return []
    chosen, seen = [], set()
    for rank, trade in enumerate(trades, start=1):
        key = f"trades[{rank}]"
        trade = trade if isinstance(trade, dict) else {}
        code, other = trade.get("code"), trade.get("other")
        if isinstance(code, str) and code.strip():
            code = code.strip().upper()
            if code not in active_codes:
                check.fail("trades", "trade_unknown", key=key, rank=rank)
                continue
            choice = {"code": code}
        elif isinstance(other, str) and 2 <= len(other.strip()) <= 200:
            choice = {"other": other.strip()}
        else:
            check.fail("trades", "trade_other", key=key, rank=rank, min=2, max=200)
            continue
        identity = choice.get("code") or choice["other"].casefold()
        if identity in seen:
            check.fail("trades", "trade_repeated", key=key, rank=rank)
            continue
        seen.add(identity)
        chosen.append(choice)
    return chosen
