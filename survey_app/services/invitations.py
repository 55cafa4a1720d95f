"""Business invitations: creating them one by one or in bulk, listing, revoking, re-issuing.

An invitation is a personal link for one business in one round. Its token is
made here and handed back once, in an ``Issued``; only its hash is stored, so
the link (and a letter carrying it) can be shown only right after creation or
re-issue. Re-issuing gives a new token and the old link is dead at once;
revoking kills the link without a new one (docs/business-survey.md).

Rows to create are checked with every error reported by field (``check_row``):
the single form, and the bulk upload by line (``create_many``), share the rules.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from survey_app.extensions import db
from survey_app.models import (
    Business,
    Invitation,
    InvitationStatus,
    Region,
    RegionLevel,
    RoundStatus,
    SurveyRound,
    User,
)
from survey_app.models.base import utcnow
from survey_app.services import audit, business_responses, tokens
from survey_app.services.business_rules import check_tax_code
from survey_app.services.errors import FieldError
from survey_app.services.household_rules import PHONE_RE, PHONE_SEPARATORS
from survey_app.text import fold, matches, vietnamese_key

FIELDS = ("business_name", "tax_code", "district", "commune", "contact_name", "contact_phone",
          "contact_email")
LABELS = {
    "business_name": _l("business name"),
    "tax_code": _l("tax code"),
    "district": _l("district"),
    "commune": _l("commune"),
    "contact_name": _l("contact person"),
    "contact_phone": _l("contact phone"),
    "contact_email": _l("contact e-mail"),
}
MESSAGES = {
    "required": _l("%(field)s is required"),
    "too_long": _l("%(field)s is too long (at most %(max)s characters)"),
    "too_short": _l("%(field)s is too short (at least %(min)s characters)"),
    "phone": _l("%(field)s must have 9 to 11 digits and start with 0 or +84"),
    "email": _l("%(field)s is not an e-mail address"),
    "district_unknown": _l("%(field)s “%(value)s” is not a district of the province"),
    "commune_unknown": _l("%(field)s “%(value)s” is not a commune of the province"),
    "commune_elsewhere": _l("%(field)s “%(value)s” is not in the district given"),
    "place_missing": _l("%(field)s is required: give the district, the commune, or both"),
    "invited": _l("%(field)s %(value)s has already been invited in this round"),
    "repeated": _l("%(field)s %(value)s appears again: it is on line %(line)s already"),
    "example": _l("%(field)s %(value)s is the template's example: delete that row"),
}
STATUS_LABELS = {
    InvitationStatus.NOT_OPENED: _l("Not opened"),
    InvitationStatus.OPENED: _l("Opened"),
    InvitationStatus.IN_PROGRESS: _l("In progress"),
    InvitationStatus.SUBMITTED: _l("Submitted"),
    InvitationStatus.REVOKED: _l("Revoked"),
}
MAX_LENGTHS = {"business_name": 300, "contact_name": 200, "contact_phone": 30,
               "contact_email": 200, "district": 120, "commune": 120, "tax_code": 20}
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# Words people put before a place's name ("huyện Đồng Văn", "TT. Yên Minh").
PLACE_KINDS = re.compile(r"^(huyen|thanh pho|tp\.?|xa|phuong|thi tran|tt\.?|district|commune|"
                         r"town|city)\s+")
PER_PAGE = 50
# The filled example row of the upload template; uploaded unchanged, it is refused.
EXAMPLE_ROW = {
    "business_name": "Công ty TNHH Chè Shan Tuyết Vị Xuyên", "tax_code": "5100123452",
    "district": "Vị Xuyên", "commune": "Xã Việt Lâm", "contact_name": "Nguyễn Văn An",
    "contact_phone": "0912345678", "contact_email": "lienhe@example.vn",
}


def _render(kind: str, field_name: str, params: dict) -> str:
    # str() of a lazy string translates it into the language of the moment.
    text = str(MESSAGES[kind]) % {"field": str(LABELS[field_name]), **params}
    return text[:1].upper() + text[1:]


def message(kind: str, field_name: str, **params) -> LazyString:
    """The message for ``field_name``, translated when shown, in the reader's language."""
    return LazyString(_render, kind, field_name, params)


class InvalidInvitation(Exception):
    """The row breaks the rules; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class RoundClosed(Exception):
    """The round is closed: no invitation can be made or re-issued for it."""


@dataclass(frozen=True)
class Issued:
    """An invitation with its token: the only moment the link is known."""

    invitation: Invitation
    token: str


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: LazyString

    @property
    def label(self) -> str:
        text = str(LABELS[self.field])
        return text[:1].upper() + text[1:]


@dataclass
class BulkResult:
    rows: int
    created: list[Issued] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})


class Places:
    """The districts and communes of the province valid when the round opens, found by
    GSO code or by name (ignoring case, tone marks and a leading "huyện", "xã"…)."""

    def __init__(self, day: date):
        regions = db.session.scalars(
            select(Region).where(Region.level.in_([RegionLevel.DISTRICT, RegionLevel.COMMUNE]),
                                 Region.valid_from <= day,
                                 or_(Region.valid_to.is_(None), Region.valid_to > day))).all()
        # In the order pages list them: districts by GSO code, communes alphabetically.
        self.districts = sorted((r for r in regions if r.level == RegionLevel.DISTRICT),
                                key=lambda r: r.code)
        self.communes = sorted((r for r in regions if r.level == RegionLevel.COMMUNE),
                               key=lambda r: vietnamese_key(r.name_vi))

    @staticmethod
    def _find(regions: list[Region], text: str, width: int) -> Region | None:
        if text.isdigit():
            code = text.zfill(width)
            return next((r for r in regions if r.code == code), None)
        # The whole name first: "Thị trấn Vị Xuyên" and "Xã Vị Xuyên" differ only by their kind.
        for part in (0, 1):
            wanted = _name_keys(text)[part]
            found = [r for r in regions if _name_keys(r.name_vi)[part] == wanted]
            if len(found) == 1:
                return found[0]
        return None

    def district(self, text: str) -> Region | None:
        return self._find(self.districts, text, 3)

    def commune(self, text: str, district: Region | None) -> Region | None:
        if district is not None:
            inside = self._find([c for c in self.communes if c.parent_id == district.id], text, 5)
            if inside is not None:
                return inside
        return self._find(self.communes, text, 5)


@lru_cache(maxsize=4096)
def _name_keys(name: str) -> tuple[str, str]:
    """A place name folded whole, and without the kind of unit it starts with."""
    whole = " ".join(fold(name).split())
    return whole, PLACE_KINDS.sub("", whole)


def check_row(data: dict, places: Places) -> tuple[dict, dict]:
    """The row normalized (text stripped, empty as None, places as regions) and its errors,
    a message per field. The tax code is checked here, not whether it was already invited."""
    errors: dict = {}
    row: dict = {}
    for name in FIELDS:
        value = data.get(name)
        value = "" if value is None else str(value).strip()
        if len(value) > MAX_LENGTHS[name]:
            errors[name] = message("too_long", name, max=MAX_LENGTHS[name])
            value = ""
        row[name] = value or None

    if row["business_name"] is None:
        errors.setdefault("business_name", message("required", "business_name"))
    elif len(row["business_name"]) < 2:
        errors["business_name"] = message("too_short", "business_name", min=2)
    if row["tax_code"] is None:
        errors.setdefault("tax_code", message("required", "tax_code"))
    else:
        try:
            row["tax_code"] = check_tax_code(row["tax_code"])
        except FieldError as error:
            errors["tax_code"] = error.message
    _check_place(row, places, errors)
    if row["contact_phone"] is not None:
        phone = PHONE_SEPARATORS.sub("", row["contact_phone"])
        if PHONE_RE.fullmatch(phone):
            row["contact_phone"] = phone
        else:
            errors["contact_phone"] = message("phone", "contact_phone")
    if row["contact_email"] is not None and not EMAIL_RE.fullmatch(row["contact_email"]):
        errors["contact_email"] = message("email", "contact_email")
    return row, errors


def _check_place(row: dict, places: Places, errors: dict) -> None:
    district_text, commune_text = row.pop("district"), row.pop("commune")
    district = commune = None
    if district_text is not None:
        district = places.district(district_text)
        if district is None:
            errors.setdefault("district", message("district_unknown", "district",
                                                  value=district_text))
    if commune_text is not None:
        commune = places.commune(commune_text, district)
        if commune is None:
            errors.setdefault("commune", message("commune_unknown", "commune",
                                                 value=commune_text))
        elif district is not None and commune.parent_id != district.id:
            errors.setdefault("commune", message("commune_elsewhere", "commune",
                                                 value=commune.name_vi))
        elif district is None and district_text is None:
            parent = commune.parent
            district = parent if parent is not None and \
                parent.level == RegionLevel.DISTRICT else None
    if district_text is None and commune_text is None:
        errors["district"] = message("place_missing", "district")
    row["district"], row["commune"] = district, commune


def invited_tax_codes(survey_round: SurveyRound) -> set[str]:
    """The tax codes of the businesses invited in ``survey_round``, revoked links included."""
    return set(db.session.scalars(
        select(Business.tax_code).join(Invitation, Invitation.business_id == Business.id)
        .where(Invitation.round_id == survey_round.id, Business.tax_code.is_not(None))))


def _check_open(survey_round: SurveyRound) -> None:
    if survey_round.status == RoundStatus.CLOSED:
        raise RoundClosed()


def create_one(actor: User, survey_round: SurveyRound, data: dict) -> Issued:
    """Invite one business; ``InvalidInvitation`` with every error found, by field."""
    _check_open(survey_round)
    row, errors = check_row(data, Places(survey_round.opens_on))
    if "tax_code" not in errors and row["tax_code"] in invited_tax_codes(survey_round):
        errors["tax_code"] = message("invited", "tax_code", value=row["tax_code"])
    if errors:
        raise InvalidInvitation(errors)
    issued = _issue(actor, survey_round, row)
    audit.record("invitation.create", user=actor, obj=issued.invitation,
                 business=issued.invitation.business.name, tax_code=row["tax_code"])
    return issued


def create_many(actor: User, survey_round: SurveyRound, lines: list[tuple[int, dict]], *,
                all_or_nothing: bool) -> BulkResult:
    """Invite the business of each good line; report each bad line by field.

    With ``all_or_nothing``, one bad line means nothing is created.
    """
    _check_open(survey_round)
    places = Places(survey_round.opens_on)
    invited = invited_tax_codes(survey_round)
    first_line: dict[str, int] = {}
    result = BulkResult(rows=len(lines))
    good = []
    for line, data in lines:
        row, errors = check_row(data, places)
        code = row["tax_code"]
        if "tax_code" not in errors:
            if code == EXAMPLE_ROW["tax_code"]:
                errors["tax_code"] = message("example", "tax_code", value=code)
            elif code in invited:
                errors["tax_code"] = message("invited", "tax_code", value=code)
            elif code in first_line:
                errors["tax_code"] = message("repeated", "tax_code", value=code,
                                             line=first_line[code])
            else:
                first_line[code] = line
        result.errors.extend(RowError(line, name, text) for name, text in errors.items())
        if not errors:
            good.append(row)
    if result.errors and all_or_nothing:
        return result
    businesses = _businesses_by_tax_code([row["tax_code"] for row in good])
    result.created = [_issue(actor, survey_round, row, businesses.get(row["tax_code"]))
                      for row in good]
    audit.record("invitation.import", user=actor, object_type="survey_round",
                 object_id=survey_round.id, rows=len(lines), created=len(result.created),
                 bad_lines=len(result.bad_lines), all_or_nothing=all_or_nothing)
    return result


def _businesses_by_tax_code(codes: list[str]) -> dict[str, Business]:
    found = {}
    # In slices: a database takes a limited number of parameters per statement.
    for start in range(0, len(codes), 500):
        found.update((b.tax_code, b) for b in db.session.scalars(
            select(Business).where(Business.tax_code.in_(codes[start:start + 500]))))
    return found


def _issue(actor: User, survey_round: SurveyRound, row: dict,
           business: Business | None = None) -> Issued:
    """Add the invitation of ``row``, and its business unless it exists (found by tax code).

    An existing business keeps its name and place, which its own answers may have
    corrected; only what it lacks is filled in.
    """
    if business is None:
        business = db.session.scalar(select(Business).where(Business.tax_code == row["tax_code"]))
    if business is None:
        business = Business(name=row["business_name"], tax_code=row["tax_code"])
        db.session.add(business)
    if business.district is None:
        business.district = row["district"]
    if business.commune is None:
        business.commune = row["commune"]
    token = tokens.new_token()
    invitation = Invitation(
        round=survey_round, business=business, token_hash=tokens.token_hash(token),
        status=InvitationStatus.NOT_OPENED, contact_name=row["contact_name"],
        contact_phone=row["contact_phone"], contact_email=row["contact_email"],
        created_by=actor)
    db.session.add(invitation)
    db.session.flush()
    # A business keyed from paper before it was invited has answered already.
    invitation.status = _status_from_answers(invitation)
    return Issued(invitation, token)


def revoke(actor: User, invitation: Invitation) -> None:
    """Kill the invitation's link at once; its answers, if any, are kept."""
    if invitation.status == InvitationStatus.REVOKED:
        return
    invitation.status = InvitationStatus.REVOKED
    invitation.revoked_at = utcnow()
    db.session.flush()
    audit.record("invitation.revoke", user=actor, obj=invitation)


def reissue(actor: User, invitation: Invitation) -> Issued:
    """A new link for the invitation; the old one stops working at once.

    A revoked invitation comes back to life with the new link, in the status its
    answers give it.
    """
    _check_open(invitation.round)
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.revoked_at = None
    invitation.status = _status_from_answers(invitation)
    db.session.flush()
    audit.record("invitation.reissue", user=actor, obj=invitation)
    return Issued(invitation, token)


def reissue_many(actor: User, invitations: list[Invitation]) -> list[Issued]:
    """New links for ``invitations``, leaving out the revoked ones (revoked on purpose:
    the planner re-issues them one by one)."""
    return [reissue(actor, i) for i in invitations if i.status != InvitationStatus.REVOKED]


def _status_from_answers(invitation: Invitation) -> InvitationStatus:
    response = business_responses.current(invitation)
    if response is not None:
        return InvitationStatus.SUBMITTED if response.submitted else InvitationStatus.IN_PROGRESS
    if invitation.opened_at is not None:
        return InvitationStatus.OPENED
    return InvitationStatus.NOT_OPENED


def tokens_match(pairs: list[tuple[int, str]]) -> list[Issued]:
    """The invitations of ``(id, token)`` pairs handed back by a page that showed them,
    or ``LookupError`` if any token is not the invitation's live one."""
    by_id = {i.id: i for i in db.session.scalars(
        select(Invitation).where(Invitation.id.in_([i for i, _ in pairs]))
        .options(joinedload(Invitation.business)))}
    issued = []
    for invitation_id, token in pairs:
        invitation = by_id.get(invitation_id)
        if (invitation is None or invitation.status == InvitationStatus.REVOKED
                or invitation.token_hash != tokens.token_hash(token)):
            raise LookupError(invitation_id)
        issued.append(Issued(invitation, token))
    return issued


# The list, its counts and the follow-up export.

NOT_SUBMITTED = (InvitationStatus.NOT_OPENED, InvitationStatus.OPENED,
                 InvitationStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Filters:
    """What the planner filters the list by; each is kept in the page's URL."""

    status: InvitationStatus | None = None
    district_id: int | None = None
    search: str | None = None

    def args(self) -> dict:
        """The filters as URL arguments, without the empty ones."""
        return {name: value for name, value in (
            ("status", self.status and self.status.value), ("district", self.district_id),
            ("q", self.search)) if value}


def status_counts(survey_round: SurveyRound) -> dict[InvitationStatus, int]:
    """How many invitations of the round are in each status (every status present)."""
    counts = Counter(dict(db.session.execute(
        select(Invitation.status, func.count()).where(Invitation.round_id == survey_round.id)
        .group_by(Invitation.status)).all()))
    return {status: counts[status] for status in InvitationStatus}


def filtered(survey_round: SurveyRound, filters: Filters,
             statuses: tuple[InvitationStatus, ...] | None = None) -> Select:
    """The round's invitations matching ``filters`` (and among ``statuses``), by business name."""
    query = (select(Invitation).join(Invitation.business)
             .where(Invitation.round_id == survey_round.id)
             .options(joinedload(Invitation.business).joinedload(Business.district),
                      joinedload(Invitation.business).joinedload(Business.commune))
             .order_by(Business.name, Invitation.id))
    if filters.status is not None:
        query = query.where(Invitation.status == filters.status)
    if statuses is not None:
        query = query.where(Invitation.status.in_(statuses))
    if filters.district_id is not None:
        query = query.where(Business.district_id == filters.district_id)
    if filters.search:
        query = query.where(Invitation.id.in_(_search(survey_round, filters.search)))
    return query


def _search(survey_round: SurveyRound, text: str) -> list[int]:
    # Matched in Python: SQLite's lower() and PostgreSQL without unaccent ignore neither
    # the case of "Đ" nor tone marks, and a round holds hundreds of businesses, not millions.
    rows = db.session.execute(
        select(Invitation.id, Business.name, Business.tax_code)
        .join(Invitation.business).where(Invitation.round_id == survey_round.id)).all()
    return [row.id for row in rows if matches(text, row.name, row.tax_code)]


def page(survey_round: SurveyRound, filters: Filters, number: int):
    """One page of the list (Flask-SQLAlchemy ``Pagination``)."""
    return db.paginate(filtered(survey_round, filters), page=number, per_page=PER_PAGE,
                       error_out=False)


def to_follow_up(actor: User, survey_round: SurveyRound, filters: Filters,
                 file_format: str) -> list[Invitation]:
    """The invitations not yet submitted (and not revoked) matching ``filters``, for calls.

    The rows hold contact names and phone numbers, so the export is audited.
    """
    statuses = NOT_SUBMITTED if filters.status is None else \
        tuple(s for s in NOT_SUBMITTED if s == filters.status)
    invitations = list(db.session.scalars(filtered(survey_round, filters, statuses)).unique())
    audit.record("invitation.export", user=actor, object_type="survey_round",
                 object_id=survey_round.id, rows=len(invitations), format=file_format,
                 **filters.args())
    return invitations


def selected(survey_round: SurveyRound, ids: list[int]) -> list[Invitation]:
    """The round's invitations among ``ids``, by business name."""
    return list(db.session.scalars(
        filtered(survey_round, Filters()).where(Invitation.id.in_(ids))).unique())
