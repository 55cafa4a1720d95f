"""The household form's fields: the choices it offers and how a plain POST becomes a payload.

Field names are shared with static/js/form.js, which builds the same payload on
the tablet: household fields keep the payload's names, a member's fields are
``m<block>-<name>`` and a ranked trade is ``m<block>-trade<rank>`` (a catalogue
code) with ``m<block>-trade<rank>-other`` (free text).
"""

import re

from flask_babel import lazy_gettext as _l

from survey_app.levels import LEVEL_LABELS

# Without JavaScript the page cannot add blocks, so it offers this many; empty ones are ignored.
MEMBER_BLOCKS = 3
# A request naming more blocks than anyone would fill is cut here rather than parsed at length.
MAX_BLOCKS = 30
TRADE_RANKS = (1, 2, 3)

POVERTY_STATUSES = [("poor", _l("Poor household")), ("near_poor", _l("Near-poor household")),
                    ("none", _l("Neither poor nor near-poor"))]
LIVELIHOODS = [
    ("crops", _l("Crop farming")), ("livestock", _l("Livestock")), ("forestry", _l("Forestry")),
    ("wage_work", _l("Wage work")), ("trade_services", _l("Trade and services")),
    ("tourism", _l("Tourism")), ("public_sector", _l("Public sector")),
    ("remittances", _l("Money sent home by relatives")),
]
SEXES = [("female", _l("Female")), ("male", _l("Male"))]
EDUCATION = [
    ("none", _l("No schooling")), ("primary", _l("Primary school")),
    ("lower_secondary", _l("Lower secondary school")),
    ("upper_secondary", _l("Upper secondary school")),
    ("vocational", _l("Vocational training")),
    ("college_university", _l("College or university")),
]
CURRENT_WORK = [
    ("farming", _l("Farming")), ("wage_work", _l("Wage work")),
    ("self_employed", _l("Self-employed")), ("unemployed", _l("Without work")),
    ("housework", _l("Housework")), ("student", _l("Student")),
]
LEVELS = [(level.value, label) for level, label in LEVEL_LABELS.items()]
DURATIONS = [("1", _l("1 month")), ("3", _l("3 months")), ("6", _l("6 months")),
             ("12", _l("1 year")), ("24", _l("2 years")), ("36", _l("3 years"))]
STUDY_PLACES = [
    ("commune", _l("In the commune")), ("commune_cluster", _l("In a cluster of communes")),
    ("district", _l("At the district centre")), ("province", _l("In the province's city")),
]
WORK_AWAY = [("no", _l("No")), ("outside_province", _l("Yes, outside the province")),
             ("abroad", _l("Yes, abroad"))]
# Decision 46/2015/QĐ-TTg: the groups whose training is supported first.
PRIORITY_FLAGS = [
    ("poor_household", _l("Poor household")), ("near_poor_household", _l("Near-poor household")),
    ("ethnic_minority", _l("Ethnic minority")), ("disability", _l("Person with a disability")),
    ("revolutionary_merit", _l("Family of a person with revolutionary merit")),
    ("demobilised_soldier", _l("Demobilised soldier")),
    ("land_recovered", _l("Farmland recovered by the State")),
    ("woman_lost_job", _l("Woman who lost her job")),
]

HOUSEHOLD_TEXT = ("commune_code", "village", "head_name", "phone", "ethnicity", "poverty_status",
                  "main_livelihood")
MEMBER_CHOICES = ("sex", "education", "current_work", "desired_level", "study_place", "work_away")
MEMBER_TEXT = ("work_away_where", "constraints")
MEMBER_CHECKS = ("can_board", *(name for name, _ in PRIORITY_FLAGS))
_BLOCK = re.compile(r"m(\d+)-")


def blocks_in(form) -> list[int]:
    """The member block numbers a posted form holds, in page order."""
    numbers = {int(m.group(1)) for key in form if (m := _BLOCK.match(key))}
    return sorted(numbers)[:MAX_BLOCKS]


def payload_from_form(form, *, finished_at: str) -> tuple[dict, list[int]]:
    """The contract's payload from a plain POST, and the block number of each member in it.

    Blocks left empty are not members. Numbers that do not parse are passed on as
    typed, so the shared rules name the field instead of the parser guessing.
    """
    data = {name: _text(form, name) for name in HOUSEHOLD_TEXT}
    data.update(
        instance_id=form.get("instance_id", ""), replaces=None,
        round_id=_number(form.get("round_id", "")),
        consent=form.get("consent") == "yes",
        started_at=form.get("started_at") or None, finished_at=finished_at,
        gps_lat=None, gps_lon=None, gps_accuracy_m=None,
        household_size=_number(form.get("household_size", "")),
    )
    members, blocks = [], []
    for block in blocks_in(form):
        member = _member(form, f"m{block}-")
        if member is not None:
            members.append(member)
            blocks.append(block)
    data["members"] = members
    return data, blocks


def values_from_payload(payload: dict) -> tuple[dict, list[int]]:
    """The form's values for a stored payload (to edit it), and its member block numbers.

    The inverse of ``payload_from_form``: block ``i`` holds member ``i + 1``.
    """
    values = {name: _shown(payload.get(name)) for name in HOUSEHOLD_TEXT}
    values["household_size"] = _shown(payload.get("household_size"))
    values["consent"] = "yes" if payload.get("consent") else ""
    members = payload.get("members") or []
    for block, member in enumerate(members):
        prefix = f"m{block}-"
        for name in (*MEMBER_CHOICES, *MEMBER_TEXT, "birth_year", "max_duration_months"):
            values[prefix + name] = _shown(member.get(name))
        values.update({prefix + name: "yes" if member.get(name) else ""
                       for name in MEMBER_CHECKS})
        for rank, trade in zip(TRADE_RANKS, member.get("trades") or [], strict=False):
            if trade.get("code"):
                values[f"{prefix}trade{rank}"] = trade["code"]
            else:
                values[f"{prefix}trade{rank}-other"] = _shown(trade.get("other"))
    return values, list(range(len(members)))


def _shown(value) -> str:
    return "" if value is None else str(value)


def _member(form, prefix: str) -> dict | None:
    member = {name: _text(form, prefix + name) for name in (*MEMBER_CHOICES, *MEMBER_TEXT)}
    member["birth_year"] = _number(form.get(prefix + "birth_year", ""))
    member["max_duration_months"] = _number(form.get(prefix + "max_duration_months", ""))
    member.update({name: form.get(prefix + name) == "yes" for name in MEMBER_CHECKS})
    trades = []
    for rank in TRADE_RANKS:
        code = form.get(f"{prefix}trade{rank}", "").strip()
        other = form.get(f"{prefix}trade{rank}-other", "").strip()
        if code:
            trades.append({"code": code})
        elif other:
            trades.append({"other": other})
    member["trades"] = trades
    if not any(value not in (None, False, []) for value in member.values()):
        return None
    return member


def field_name(path: str, blocks: list[int]) -> str:
    """The form field an error path of the rules points at.

    The rules number members and trades from 1 among those sent, so with blocks
    [0, 2], "members[2].trades[1]" is the first trade of block 2: "m2-trade1".
    """
    match = re.fullmatch(r"members\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?", path)
    if not match:
        return path
    number, name, rank = match.groups()
    if not 1 <= int(number) <= len(blocks):
        return "members"
    prefix = f"m{blocks[int(number) - 1]}-"
    if name == "trades":
        return f"{prefix}trade{rank or 1}"
    return prefix + (name or "sex")


def _text(form, name: str) -> str | None:
    return form.get(name, "").strip() or None


def _number(value: str) -> int | str | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value
