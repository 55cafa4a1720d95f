"""Accounts: creating and editing users, passwords, deactivation and assigned areas.

Every change is audited with what it was before and after; a password never
appears in the log. ``actor`` is the admin making the change, or ``None`` for
the command line, which is audited as the actor "cli".

Areas: only surveyors and supervisors have areas (a supervisor reviews the
responses of their areas, a surveyor works in them). Planners see the whole
province and admins manage everything, so giving them areas would mean
nothing; changing a user's role to planner or admin removes their areas.
"""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from survey_app.extensions import db
from survey_app.models import Region, RegionLevel, Role, User, UserArea
from survey_app.services import audit
from survey_app.services.errors import FieldError

USERNAME_RE = re.compile(r"[A-Za-z0-9._-]{3,80}")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_RE = re.compile(r"\+?[0-9][0-9 .()-]{5,29}")
PASSWORD_MIN = 10
# Longer is pointless for people and only makes scrypt chew on megabytes sent by a client.
PASSWORD_MAX = 200
ROLES_WITH_AREAS = frozenset({Role.SURVEYOR, Role.SUPERVISOR})
CLI_ACTOR = "cli"


class UserError(FieldError):
    """A change to an account that cannot be made, naming the field at fault."""


def find_user(username: str) -> User | None:
    return db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )


def create_user(
    actor: User | None,
    username: str,
    full_name: str,
    role: Role | str,
    password: str,
    *,
    email: str | None = None,
    phone: str | None = None,
) -> User:
    """Add an active account; the username is kept in lower case."""
    username = check_username(username)
    user = User(
        username=username,
        full_name=check_full_name(full_name),
        role=_check_role(role),
        email=check_email(email),
        phone=check_phone(phone),
        active=True,
    )
    user.set_password(check_password(password))
    try:
        # The check above misses a twin created at the same moment; the unique
        # constraint catches it, and the savepoint keeps the caller's session usable.
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        raise UserError("username", _l("This username is already taken.")) from None
    _record("user.create", actor, user, after=_profile(user))
    return user


def update_user(
    actor: User | None,
    user: User,
    *,
    full_name: str,
    role: Role | str,
    email: str | None = None,
    phone: str | None = None,
) -> User:
    """Change the name, role and contact details; audited only if something changed."""
    role = _check_role(role)
    if actor is not None and actor.id == user.id and role != user.role:
        raise UserError("role", _l("You cannot change your own role."))
    wanted = {
        "full_name": check_full_name(full_name),
        "role": role,
        "email": check_email(email),
        "phone": check_phone(phone),
    }
    before, after = {}, {}
    for name, value in wanted.items():
        old = getattr(user, name)
        if old != value:
            before[name], after[name] = _plain(old), _plain(value)
            setattr(user, name, value)
    if not after:
        return user
    _record("user.update", actor, user, before=before, after=after)
    if role not in ROLES_WITH_AREAS and user.areas:
        _replace_areas(actor, user, [])
    return user


def reset_password(actor: User | None, user: User, password: str) -> None:
    user.set_password(check_password(password))
    _record("user.password_reset", actor, user)


def set_active(actor: User | None, user: User, active: bool) -> User:
    """Deactivate (signing the user out at their next request) or reactivate an account."""
    if user.active == active:
        return user
    if not active and actor is not None and actor.id == user.id:
        raise UserError("active", _l("You cannot deactivate your own account."))
    user.active = active
    _record("user.activate" if active else "user.deactivate", actor, user,
            before={"active": not active}, after={"active": active})
    return user


def assign_areas(actor: User | None, user: User, region_ids) -> list[Region]:
    """Set the districts and communes ``user`` works in, replacing the earlier ones.

    A commune whose district is also assigned is dropped: the district already
    covers it. Returns the regions kept.
    """
    try:
        ids = {int(i) for i in region_ids}
    except (TypeError, ValueError):
        raise UserError("areas", _l("Choose districts or communes from the list.")) from None
    if ids and user.role not in ROLES_WITH_AREAS:
        raise UserError("areas", _l("Only surveyors and supervisors have areas."))
    regions = db.session.scalars(select(Region).where(Region.id.in_(ids))).all() if ids else []
    if len(regions) != len(ids) or any(
        r.level not in (RegionLevel.DISTRICT, RegionLevel.COMMUNE) for r in regions
    ):
        raise UserError("areas", _l("Choose districts or communes from the list."))
    districts = {r.id for r in regions if r.level == RegionLevel.DISTRICT}
    kept = [r for r in regions if r.level == RegionLevel.DISTRICT or r.parent_id not in districts]
    _replace_areas(actor, user, kept)
    return kept


def area_ids(user: User) -> set[int]:
    return {area.region_id for area in user.areas}


def count_by_role() -> dict[Role, dict[str, int]]:
    """Accounts of each role, active and deactivated; every role is present."""
    counts = {role: {"active": 0, "inactive": 0} for role in Role}
    rows = db.session.execute(
        select(User.role, User.active, func.count()).group_by(User.role, User.active)
    )
    for role, active, n in rows:
        counts[role]["active" if active else "inactive"] = n
    return counts


def _replace_areas(actor: User | None, user: User, regions: list[Region]) -> None:
    before = sorted(area_ids(user))
    after = sorted(r.id for r in regions)
    if before == after:
        return
    keep = set(after)
    for area in list(user.areas):
        if area.region_id not in keep:
            user.areas.remove(area)
    for region_id in sorted(keep - set(before)):
        user.areas.append(UserArea(region_id=region_id))
    _record("user.areas", actor, user, before=before, after=after)


def _record(action: str, actor: User | None, user: User, **details) -> None:
    audit.record(action, user=actor, actor=None if actor is not None else CLI_ACTOR, obj=user,
                 username=user.username, **details)


def _profile(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": _plain(user.role),
        "email": user.email,
        "phone": user.phone,
    }


def _plain(value):
    return value.value if isinstance(value, Role) else value


def check_username(username: str | None) -> str:
    """``username`` in lower case, if well formed and free; UserError if not."""
    username = (username or "").strip().lower()
    if not USERNAME_RE.fullmatch(username):
        raise UserError("username", _l(
            "Use 3 to 80 characters: letters without accents, digits, dot, dash or underscore."))
    if find_user(username) is not None:
        raise UserError("username", _l("This username is already taken."))
    return username


def check_full_name(full_name: str | None) -> str:
    """``full_name`` with its spaces tidied, if given and not too long; UserError if not."""
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise UserError("full_name", _l("Enter the person's full name."))
    if len(full_name) > 200:
        raise UserError("full_name", _l("Use at most 200 characters."))
    return full_name


def _check_role(role) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError("role", _l("Choose a role from the list.")) from None


def check_password(password: str | None) -> str:
    """``password`` if its length is allowed; UserError if not."""
    if password is None or len(password) < PASSWORD_MIN:
        raise UserError("password", _l("Use at least %(n)d characters.", n=PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        raise UserError("password", _l("Use at most %(n)d characters.", n=PASSWORD_MAX))
    return password


def check_email(email: str | None) -> str | None:
    """``email`` trimmed (None if blank), if it looks like an address; UserError if not."""
    email = (email or "").strip()
    if not email:
        return None
    if len(email) > 200 or not EMAIL_RE.fullmatch(email):
        raise UserError("email", _l("Enter an email address such as name@example.vn."))
    return email


def check_phone(phone: str | None) -> str | None:
    """``phone`` trimmed (None if blank), if it looks like a number; UserError if not."""
    phone = (phone or "").strip()
    if not phone:
        return None
    if not PHONE_RE.fullmatch(phone):
        raise UserError("phone", _l("Enter a phone number of digits, such as 0912 345 678."))
    return phone

