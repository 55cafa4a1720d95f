"""Loading the demo: its survey round, targets, accounts and responses, all from one seed."""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import insert, select

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessResponse,
    HouseholdMember,
    HouseholdResponse,
    Invitation,
    RoundStatus,
    RoundTarget,
    SurveyRound,
    User,
)
from survey_app.services.demo.accounts import DemoAccount, create_accounts, demo_account
from survey_app.services.demo.bulk import reset_sequences
from survey_app.services.demo.businesses import Businesses
from survey_app.services.demo.draw import allocate, local
from survey_app.services.demo.households import Households
from survey_app.services.demo.profiles import DemoError, Reference, read_profiles


@dataclass(frozen=True)
class DemoSummary:
    round_name: str
    accounts: list[DemoAccount]
    households: int
    members: int
    trade_choices: int
    businesses: int
    needs: int


def not_empty_reason(profiles: dict | None = None) -> str | None:
    """Why the database cannot take the demo (it holds survey data or demo accounts), or None."""
    profiles = profiles or read_profiles()
    if db.session.scalar(select(SurveyRound.name).limit(1)) is not None:
        return _("a survey round already exists")
    if db.session.scalar(select(Business.id).limit(1)) is not None:
        return _("businesses already exist")
    names = [a["username"] for a in profiles["accounts"]]
    taken = sorted(db.session.scalars(select(User.username).where(User.username.in_(names))))
    if taken:
        return _("accounts named %(names)s already exist", names=", ".join(taken))
    return None


def load(households: int = 3800, businesses: int = 50, seed: int = 1) -> DemoSummary:
    """Create the demo round, accounts, household and business responses; flush, do not commit.

    Raises DemoError when reference data is missing or the database already
    holds survey data.
    """
    if households < 1 or businesses < 0:
        raise DemoError(_("The demo needs at least 1 household and 0 or more businesses."))
    profiles = read_profiles()
    reason = not_empty_reason(profiles)
    if reason:
        raise DemoError(_("The database is not empty: %(reason)s. The demo loads only into a "
                          "database without survey rounds, businesses or demo accounts.",
                          reason=reason))
    fieldwork = profiles["fieldwork"]
    opens_on = date.fromisoformat(fieldwork["opens_on"])
    ref = Reference.read(profiles, opens_on)
    household_rng, business_rng = np.random.default_rng(seed).spawn(2)

    users = create_accounts(profiles, ref, opens_on)
    survey_round = create_round(fieldwork, opens_on)
    allocation = allocate(ref, households)
    db.session.execute(insert(RoundTarget), [
        {"round_id": survey_round.id, "commune_id": ref.commune_ids[code], "target_households": n}
        for code, n in allocation.items() if n > 0
    ])
    counts = Households(profiles, ref, users, survey_round, household_rng).create(allocation)
    business_counts = Businesses(profiles, ref, users, survey_round, business_rng,
                                 seed).create(businesses)
    reset_sequences(HouseholdResponse, HouseholdMember, Business, Invitation, BusinessResponse)
    db.session.flush()
    return DemoSummary(
        round_name=survey_round.name,
        accounts=[demo_account(spec, ref, fieldwork["year"]) for spec in profiles["accounts"]],
        households=counts[0], members=counts[1], trade_choices=counts[2],
        businesses=business_counts[0], needs=business_counts[1],
    )


def create_round(fieldwork: dict, opens_on: date) -> SurveyRound:
    """Add and flush the open demo round the profiles' fieldwork describes."""
    created = local(opens_on - timedelta(days=7), 9 * 60)
    survey_round = SurveyRound(
        name=fieldwork["round_name"], year=fieldwork["year"], opens_on=opens_on,
        closes_on=date.fromisoformat(fieldwork["closes_on"]), status=RoundStatus.OPEN,
        created_at=created, updated_at=created,
    )
    db.session.add(survey_round)
    db.session.flush()
    return survey_round
