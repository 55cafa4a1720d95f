"""The one set of rules a business response must meet, for the employer form and imports.

``validate`` takes the answer as the form (or an import) gives it and returns
its normalized form: every key present, text stripped, empty optional text as
``None``, unknown keys dropped. A draft (``complete=False``) may leave any
question unanswered, but what is answered must be valid, and a need row that
is started must say which trade, how many workers and at which level: a need
without them means nothing to a planner. A submitted answer (``complete=True``)
must also give the business's profile and either a need or "no needs".

Errors are keyed by field path, with needs numbered from 1 as the respondent
sees them (``needs[2].workers``), and each message names the field and the
row ("Nhu cầu 2: số lao động không hợp lệ"), so it can be shown on its own.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import or_, select
from stdnum import exceptions as stdnum_errors
from stdnum.vn import mst

from survey_app.extensions import db
from survey_app.models import Level, NeedKind, Region, RegionLevel, SurveyRound, Trade
from survey_app.services import household_rules
from survey_app.services.errors import FieldError
from survey_app.services.household_rules import PHONE_RE, PHONE_SEPARATORS, InvalidResponse

# VSIC 2018 (Decision 27/2018/QĐ-TTg): the 21 sections.
SECTORS = tuple("ABCDEFGHIJKLMNOPQRSTU")
SIZE_BANDS = ("micro", "small", "medium", "large")
OWNERSHIPS = ("private", "cooperative", "state", "foreign", "household")
LEVELS = tuple(level.value for level in Level)
NEED_KINDS = tuple(kind.value for kind in NeedKind)
COOPERATION = ("provide_trainers", "provide_workshop", "take_apprentices", "commit_to_hire",
               "co_fund")
MAX_NEEDS = 30
MAX_WORKERS = 10_000
# A month's wage in đồng; above this it is surely a yearly figure or a typing slip.
MAX_WAGE_VND = 500_000_000
# How people write sums of money: "7.500.000", "7 500 000 đ", "7,5 triệu" is not accepted.
WAGE_DECORATION = re.compile(r"[\s.,]|(?:vn)?[dđ]$", re.IGNORECASE)

LABELS = {
    "business_name": _l("business name"),
    "tax_code": _l("tax code"),
    "sector": _l("sector"),
    "size_band": _l("size"),
    "ownership": _l("ownership"),
    "commune_code": _l("commune"),
    "contact_name": _l("contact person"),
    "contact_phone": _l("contact phone"),
    "needs": _l("hiring needs"),
    "kind": _l("vacancy or plan"),
    "trade": _l("trade"),
    "workers": _l("number of workers"),
    "level": _l("level"),
    "quarter": _l("quarter"),
    "wage_offered_vnd": _l("monthly wage offered"),
    "skills_lacking": _l("skills your staff lack"),
    "no_needs": _l("no hiring needs"),
    "provide_trainers": _l("provide trainers"),
    "provide_workshop": _l("provide workshop places"),
    "take_apprentices": _l("take apprentices or interns"),
    "commit_to_hire": _l("commit to hire trainees"),
    "co_fund": _l("co-fund training"),
}
MESSAGES = {
    **household_rules.MESSAGES,
    "tax_length": _l("%(field)s must have 10 digits, or 10 digits and a 3-digit branch number"),
    "tax_digits": _l("%(field)s may contain only digits (and a dash before the branch number)"),
    "tax_check": _l("%(field)s is not valid: its check digit does not match; check for a typing "
                    "mistake"),
    "tax_invalid": _l("%(field)s is not a valid Vietnamese enterprise tax code"),
    "needs_count": _l("%(field)s: add at most %(max)s rows"),
    "needs_missing": _l("%(field)s: add at least one need, or tick that you have none"),
    "needs_and_none": _l("%(field)s: you listed needs and also ticked that you have none"),
    "trade_unknown": _l("%(field)s is not in the trade catalogue"),
    "trade_missing": _l("%(field)s: choose one from the list or describe it in %(min)s to "
                        "%(max)s characters"),
}
NEED_PREFIX = _l("Need %(number)s: %(message)s")
TAX_ERRORS = {
    stdnum_errors.InvalidLength: "tax_length",
    stdnum_errors.InvalidFormat: "tax_digits",
    stdnum_errors.InvalidChecksum: "tax_check",
}


def _render(kind: str, field: str, row: int | None, params: dict) -> str:
    # str() of a lazy string translates it into the language of the moment.
    text = str(MESSAGES[kind]) % {"field": str(LABELS[field]),
                                  **household_rules.shown(field, params)}
    if row is None:
        return text[:1].upper() + text[1:]
    return str(NEED_PREFIX) % {"number": row, "message": text}


def message(kind: str, field: str, row: int | None = None, **params) -> LazyString:
    """The message for ``field`` (of need ``row``), translated when shown."""
    return LazyString(_render, kind, field, row, params)


def check_tax_code(value: str) -> str:
    """``value`` as a valid enterprise tax code in its usual form ("0101234567" or
    "0101234567-001"), or ``FieldError("tax_code", …)`` saying what is wrong."""
    try:
        return mst.format(mst.validate(value))
    except stdnum_errors.ValidationError as error:
        raise FieldError("tax_code", message(TAX_ERRORS.get(type(error), "tax_invalid"),
                                             "tax_code")) from None


class _Checker(household_rules._Checker):
    """The household form's field readers with this form's messages.

    Unless ``strict``, an unanswered question is not an error: a draft may be incomplete.
    """

    def __init__(self, data: dict, errors: dict, *, strict: bool, prefix: str = "",
                 row: int | None = None):
        super().__init__(data, errors, prefix=prefix, member=row)
        self.strict = strict

    def fail(self, field: str, kind: str, *, key: str | None = None, **params) -> None:
        if kind == "required" and not self.strict:
            return
        self.errors.setdefault(self.prefix + (key or field),
                               message(kind, field, self.member, **params))


def validate(data: dict, *, survey_round: SurveyRound, complete: bool) -> dict:
    """The normalized answer, or ``InvalidResponse`` with every error found."""
    if not isinstance(data, dict):
        raise InvalidResponse({"payload": _l("The response must be a JSON object.")})
    errors: dict = {}
    check = _Checker(data, errors, strict=complete)
    answer = {
        "business_name": check.text("business_name", 300, required=True, min_length=2),
        "tax_code": _tax_code(check),
        "sector": check.choice("sector", SECTORS),
        "size_band": check.choice("size_band", SIZE_BANDS),
        "ownership": check.choice("ownership", OWNERSHIPS),
        **_place(check, survey_round),
        "contact_name": check.text("contact_name", 200),
        "contact_phone": _phone(check),
        "no_needs": check.flag("no_needs"),
        "needs": _needs(check, errors),
        "skills_lacking": check.text("skills_lacking", 2000),
    }
    answer.update((flag, check.flag(flag)) for flag in COOPERATION)
    if complete and not errors:
        if answer["needs"] and answer["no_needs"]:
            check.fail("needs", "needs_and_none")
        elif not answer["needs"] and not answer["no_needs"]:
            check.fail("needs", "needs_missing")
    if errors:
        raise InvalidResponse(errors)
    return answer


def _tax_code(check: _Checker) -> str | None:
    value = check.text("tax_code", 20, required=True)
    if value is None:
        return None
    try:
        return check_tax_code(value)
    except FieldError as error:
        check.errors.setdefault("tax_code", error.message)
        return None


def _place(check: _Checker, survey_round: SurveyRound) -> dict:
    """The commune, among those of the round, and its district (none after the 2025 reform)."""
    code = check.text("commune_code", 10, required=True)
    if code is None:
        return {"commune_code": None, "district_code": None}
    commune = round_commune(code, survey_round)
    if commune is None:
        check.fail("commune_code", "commune_unknown")
        return {"commune_code": None, "district_code": None}
    district = district_of(commune)
    return {"commune_code": code, "district_code": district and district.code}


def round_commune(code: str, survey_round: SurveyRound) -> Region | None:
    """The commune with GSO ``code`` as it stood when the round opened."""
    day = survey_round.opens_on
    return db.session.scalar(
        select(Region).where(Region.level == RegionLevel.COMMUNE, Region.code == code,
                             Region.valid_from <= day,
                             or_(Region.valid_to.is_(None), Region.valid_to > day)))


def district_of(commune: Region) -> Region | None:
    parent = commune.parent
    return parent if parent is not None and parent.level == RegionLevel.DISTRICT else None


def _phone(check: _Checker) -> str | None:
    phone = check.text("contact_phone", 30)
    if phone is None:
        return None
    phone = PHONE_SEPARATORS.sub("", phone)
    if not PHONE_RE.fullmatch(phone):
        return check.fail("contact_phone", "phone")
    return phone


def _needs(check: _Checker, errors: dict) -> list[dict]:
    needs = check.data.get("needs")
    if needs is None:
        return []
    if not isinstance(needs, list) or len(needs) > MAX_NEEDS:
        check.fail("needs", "needs_count", max=MAX_NEEDS)
        return []
    codes = _active_trade_codes(needs)
    # Rows are always checked in full: a need without its trade, workers and level
    # is no need at all, even in a draft.
    return [_need(_Checker(need if isinstance(need, dict) else {}, errors, strict=True,
                           prefix=f"needs[{n}].", row=n), codes)
            for n, need in enumerate(needs, start=1)]


def _active_trade_codes(needs: list) -> set[str]:
    codes = {str(n["trade_code"]).strip().upper()
             for n in needs if isinstance(n, dict) and n.get("trade_code")}
    if not codes:
        return set()
    return set(db.session.scalars(
        select(Trade.code).where(Trade.code.in_(codes), Trade.active.is_(True))))


def _need(check: _Checker, active_codes: set[str]) -> dict:
    kind = check.data.get("kind") or NeedKind.PLAN.value
    if kind not in NEED_KINDS:
        check.fail("kind", "choice")
    return {
        "kind": kind,
        **_trade(check, active_codes),
        "workers": check.integer("workers", 1, MAX_WORKERS),
        "level": check.choice("level", LEVELS),
        "quarter": check.integer("quarter", 1, 4, required=False),
        "wage_offered_vnd": _wage(check),
    }


def _trade(check: _Checker, active_codes: set[str]) -> dict:
    code, other = check.data.get("trade_code"), check.data.get("other_text")
    if isinstance(code, str) and code.strip():
        code = code.strip().upper()
        if code not in active_codes:
            check.fail("trade", "trade_unknown")
        return {"trade_code": code, "other_text": None}
    if isinstance(other, str) and 2 <= len(other.strip()) <= 200:
        return {"trade_code": None, "other_text": other.strip()}
    check.fail("trade", "trade_missing", min=2, max=200)
    return {"trade_code": None, "other_text": None}


def _wage(check: _Checker) -> int | None:
    value = check.data.get("wage_offered_vnd")
    if isinstance(value, str):
        check.data = {**check.data, "wage_offered_vnd": WAGE_DECORATION.sub("", value.strip())}
    return check.integer("wage_offered_vnd", 0, MAX_WAGE_VND, required=False)
