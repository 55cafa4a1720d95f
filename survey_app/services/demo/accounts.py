"""The demo accounts: one per role, with published passwords (demo use only)."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Role, User, UserArea
from survey_app.services.demo.draw import local
from survey_app.services.demo.profiles import Reference, read_profiles


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    full_name: str
    districts: tuple[str, ...]  # "026 Đồng Văn"
    password: str


def demo_password(username: str, year: int) -> str:
    """The published password of a demo account: demo use only."""
    return f"demo-{username}-{year}"


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts in the database whose demo password still works."""
    profiles = read_profiles()
    year = profiles["fieldwork"]["year"]
    found = []
    for spec in profiles["accounts"]:
        user = db.session.scalar(select(User).where(User.username == spec["username"]))
        if user is not None and user.check_password(demo_password(user.username, year)):
            districts = tuple(sorted(f"{a.region.code} {a.region.name_vi}" for a in user.areas))
            found.append(DemoAccount(user.username, user.role, user.full_name, districts,
                                     demo_password(user.username, year)))
    return found


def demo_account(spec: dict, ref: Reference, year: int) -> DemoAccount:
    """The account a profiles entry describes, as the load reports it."""
    return DemoAccount(spec["username"], Role(spec["role"]), spec["full_name"],
                       tuple(f"{c} {ref.district_names[c]}" for c in sorted(spec["districts"])),
                       demo_password(spec["username"], year))


def create_accounts(profiles: dict, ref: Reference, opens_on: date) -> dict[str, User]:
    """Add and flush the profiles' accounts with their districts; return them by username."""
    created = local(opens_on - timedelta(days=14), 8 * 60)
    users = {}
    for spec in profiles["accounts"]:
        user = User(username=spec["username"], full_name=spec["full_name"], role=Role(spec["role"]),
                    created_at=created, updated_at=created)
        user.set_password(demo_password(spec["username"], profiles["fieldwork"]["year"]))
        user.areas = [UserArea(region_id=ref.district_ids[c]) for c in sorted(spec["districts"])]
        db.session.add(user)
        users[user.username] = user
    db.session.flush()
    return users
