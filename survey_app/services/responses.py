"""Receiving household responses: idempotent by instance UUID, edits as new versions.

DESIGN.md §4 decides the answers; docs/household-sync.md names them. The
unique constraint on ``instance_id`` is what decides between two requests
racing with the same new UUID: ``receive_and_commit`` rolls the loser back and
answers it from the row the winner stored.

The hash is taken of the answer as it was sent (everything but
``instance_id`` and ``replaces``), before validation, so a retry after a lost
reply gets its 200 even if the rules changed in between (the round closed, a
trade was withdrawn): it was accepted once, and the tablet must be able to
let it go.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from survey_app.extensions import db
from survey_app.models import (
    HouseholdMember,
    HouseholdResponse,
    Level,
    PovertyStatus,
    ReviewStatus,
    Role,
    Sex,
    StudyPlace,
    Trade,
    TradeChoice,
    User,
    WorkAway,
)
from survey_app.services.household_rules import (
    PRIORITY_FLAGS,
    InvalidResponse,
    find_commune,
    validate,
)
from survey_app.services.payloads import payload_hash
from survey_app.services.users import area_ids

VERSION_KEYS = ("instance_id", "replaces")
RACE_ATTEMPTS = 8
REVIEWED = frozenset({ReviewStatus.APPROVED, ReviewStatus.REJECTED})
REVIEWED_MESSAGE = _l("This response has already been reviewed (approved or rejected) and can "
                      "no longer be edited. Ask your supervisor.")


@dataclass
class Receipt:
    """The answer to one received response: HTTP status, JSON body, the stored version."""

    status: int
    body: dict
    response: HouseholdResponse | None = None


def receive(data: dict, *, surveyor: User, now: datetime | None = None) -> Receipt:
    """Store ``data`` as a new version, or say why not; flushes, never commits."""
    try:
        instance_id, replaces = _version_ids(data)
    except InvalidResponse as invalid:
        return _invalid(invalid)
    answer_hash = payload_hash({k: v for k, v in data.items() if k not in VERSION_KEYS})
    existing = by_instance(instance_id)
    if existing is not None:
        return _known(existing, answer_hash, surveyor)
    try:
        answer = validate(data, surveyor=surveyor, now=now)
    except InvalidResponse as invalid:
        return _invalid(invalid)

    root_id, version = instance_id, 1
    if replaces is not None:
        replaced = _current_for_update(replaces)
        # The same edit sent twice at once (two pages of one tablet syncing): the other may
        # have stored it while this one waited for the lock, and this one is then a retry.
        existing = by_instance(instance_id)
        if existing is not None:
            return _known(existing, answer_hash, surveyor)
        refusal = _refuse_edit(replaced, replaces, surveyor)
        if refusal is not None:
            return refusal
        replaced.is_current = False
        root_id, version = replaced.root_id, replaced.version + 1

    response = _build(answer, instance_id=instance_id, replaces=replaces, root_id=root_id,
                      version=version, answer_hash=answer_hash, surveyor=surveyor)
    db.session.add(response)
    db.session.flush()
    return Receipt(201, _receipt_body("stored", response), response)


def receive_and_commit(data: dict, surveyor: User, *, now: datetime | None = None) -> Receipt:
    """``receive``, committed; the loser of a race on the same new UUID is answered 200 or 409.

    The unique constraint trips at the INSERT (PostgreSQL waits for the winner
    to commit first) or at the commit; either way the whole transaction is
    rolled back and ``receive`` runs again, now finding the winner's row.
    SQLite serializes writers instead: a writer whose snapshot another writer
    made stale is refused at once with "database is locked", possibly before
    the winner has committed, so it is retried a few times.
    """
    for attempt in range(1, RACE_ATTEMPTS + 1):
        try:
            receipt = receive(data, surveyor=surveyor, now=now)
            db.session.commit()
            return receipt
        except (IntegrityError, OperationalError) as error:
            db.session.rollback()
            sqlite_lock = isinstance(error, OperationalError) and \
                db.engine.dialect.name == "sqlite"
            if attempt == RACE_ATTEMPTS or not (isinstance(error, IntegrityError) or sqlite_lock):
                raise
            if sqlite_lock:
                # Give the writer holding the lock time to commit.
                time.sleep(0.05 * attempt)


def by_instance(instance_id: uuid.UUID) -> HouseholdResponse | None:
    return db.session.scalar(
        select(HouseholdResponse).where(HouseholdResponse.instance_id == instance_id))


def may_read(user: User, response: HouseholdResponse) -> bool:
    """Its surveyor, and the supervisors of its district, may see a response."""
    if response.surveyor_id == user.id:
        return True
    return user.role == Role.SUPERVISOR and bool(
        area_ids(user) & {response.district_id, response.commune_id})


def edit_refusal(response: HouseholdResponse):
    """Why ``response`` cannot be edited now (the message), or None: the service's own rules,
    told before the surveyor types anything."""
    if not response.is_current:
        return _l("This is an earlier version of the response: only the latest version can be "
                  "edited.")
    if response.status in REVIEWED:
        return REVIEWED_MESSAGE
    return None


def versions(root_id: uuid.UUID) -> list[HouseholdResponse]:
    """Every version of one logical response, the first first."""
    return list(db.session.scalars(
        select(HouseholdResponse).where(HouseholdResponse.root_id == root_id)
        .order_by(HouseholdResponse.version)))


def _version_ids(data) -> tuple[uuid.UUID, uuid.UUID | None]:
    if not isinstance(data, dict):
        raise InvalidResponse({"payload": _l("The response must be a JSON object.")})
    errors = {}
    instance_id = _uuid(data.get("instance_id"))
    if instance_id is None:
        errors["instance_id"] = _l("Instance id: a UUID made on the tablet is required.")
    replaces = data.get("replaces")
    if replaces is not None:
        replaces = _uuid(replaces)
        if replaces is None:
            errors["replaces"] = _l("Replaces: the id of the version edited must be a UUID.")
    if errors:
        raise InvalidResponse(errors)
    return instance_id, replaces


def _uuid(value) -> uuid.UUID | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _invalid(invalid: InvalidResponse) -> Receipt:
    fields = {field: str(text) for field, text in invalid.errors.items()}
    return Receipt(422, {"error": "invalid", "fields": fields})


def _receipt_body(result: str, response: HouseholdResponse) -> dict:
    return {"result": result, "instance_id": str(response.instance_id),
            "root_id": str(response.root_id), "version": response.version}


def _conflict(reason: str, message, **extra) -> Receipt:
    return Receipt(409, {"error": "conflict", "reason": reason, "message": str(message), **extra})


def _known(existing: HouseholdResponse, answer_hash: str, surveyor: User) -> Receipt:
    # Even a superseded version answers 200: the tablet only needs to know it arrived.
    if existing.payload_hash == answer_hash and existing.surveyor_id == surveyor.id:
        return Receipt(200, _receipt_body("already_received", existing), existing)
    return _conflict("instance_id_reused", _l(
        "This response id was already used for a different response. Open it again on the "
        "tablet and send it as a new response."))


def _current_for_update(instance_id: uuid.UUID) -> HouseholdResponse | None:
    """The version named by ``replaces``, locked so that two edits of it queue up.

    ``populate_existing`` reads the row again after the lock is granted: the
    other edit may have just made it not current. SQLite ignores FOR UPDATE
    and serializes writers anyway.
    """
    return db.session.scalar(
        select(HouseholdResponse).where(HouseholdResponse.instance_id == instance_id)
        .with_for_update().execution_options(populate_existing=True))


def _refuse_edit(replaced: HouseholdResponse | None, replaces: uuid.UUID,
                 surveyor: User) -> Receipt | None:
    if replaced is None or replaced.surveyor_id != surveyor.id:
        # Someone else's response is treated as unknown: its id reveals nothing.
        return _conflict("stale_edit", _l(
            "The response this edit replaces is not on the server. Send it as a new response."),
            current_instance_id=None)
    if not replaced.is_current:
        current = db.session.scalar(select(HouseholdResponse).where(
            HouseholdResponse.root_id == replaced.root_id, HouseholdResponse.is_current))
        return _conflict("stale_edit", _l(
            "This edit was made on an older version of the response; it has been changed "
            "since. Open the latest version and edit that."),
            current_instance_id=str(current.instance_id) if current else None)
    if replaced.status in REVIEWED:
        return _conflict("reviewed", REVIEWED_MESSAGE,
                         current_instance_id=str(replaced.instance_id))
    return None


def _build(answer: dict, *, instance_id, replaces, root_id, version, answer_hash,
           surveyor: User) -> HouseholdResponse:
    commune = find_commune(answer["commune_code"])
    trade_ids = dict(db.session.execute(select(Trade.code, Trade.id).where(Trade.code.in_(
        {t["code"] for m in answer["members"] for t in m["trades"] if "code" in t}))).all())
    response = HouseholdResponse(
        instance_id=instance_id, root_id=root_id, replaces=replaces, version=version,
        is_current=True, payload_hash=answer_hash, payload=answer,
        round_id=answer["round_id"], district_id=commune.parent_id, commune_id=commune.id,
        village=answer["village"], surveyor_id=surveyor.id, status=ReviewStatus.RECEIVED,
        started_at=datetime.fromisoformat(answer["started_at"]),
        finished_at=datetime.fromisoformat(answer["finished_at"]),
        gps_lat=answer["gps_lat"], gps_lon=answer["gps_lon"],
        gps_accuracy_m=answer["gps_accuracy_m"], consent=answer["consent"],
        head_name=answer["head_name"], phone=answer["phone"],
        household_size=answer["household_size"], ethnicity=answer["ethnicity"],
        poverty_status=PovertyStatus(answer["poverty_status"]),
        main_livelihood=answer["main_livelihood"],
    )
    for position, m in enumerate(answer["members"], start=1):
        member = HouseholdMember(
            position=position, sex=Sex(m["sex"]), birth_year=m["birth_year"],
            education=m["education"], current_work=m["current_work"],
            desired_level=Level(m["desired_level"]),
            max_duration_months=m["max_duration_months"],
            study_place=StudyPlace(m["study_place"]), can_board=m["can_board"],
            work_away=WorkAway(m["work_away"]), work_away_where=m["work_away_where"],
            constraints=m["constraints"], **{flag: m[flag] for flag in PRIORITY_FLAGS},
        )
        member.choices = [
            TradeChoice(rank=rank, trade_id=trade_ids.get(t.get("code")),
                        other_text=t.get("other"))
            for rank, t in enumerate(m["trades"], start=1)
        ]
        response.members.append(member)
    return response
