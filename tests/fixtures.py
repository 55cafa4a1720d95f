"""Factory fixtures: each returns a callable that makes one thing and commits it."""

import itertools
import re
from collections import Counter

import pytest
from sqlalchemy import select

from survey_app.extensions import db as _db
from survey_app.models import Role, SurveyRound, User
from survey_app.services import demo

_counter = itertools.count(1)


@pytest.fixture
def create_user(app):
    def create(role=Role.SURVEYOR, *, username=None, password="correct horse", active=True,
               full_name=None, **fields) -> User:
        with app.app_context():
            n = next(_counter)
            user = User(
                username=username or f"{Role(role).value}{n}",
                full_name=full_name or f"Nguyễn Văn {n}",
                role=Role(role),
                active=active,
                **fields,
            )
            user.set_password(password)
            _db.session.add(user)
            _db.session.commit()
            _db.session.refresh(user)
            _db.session.expunge(user)
            return user

    return create


@pytest.fixture
def login_as(client, create_user):
    """Sign the test client in as a new user of ``role`` (or as ``user``) and return the user."""

    def login(role=Role.SURVEYOR, user=None, **fields) -> User:
        user = user or create_user(role, **fields)
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        return user

    return login


@pytest.fixture
def reference_data(app):
    """The bundled reference data (regions, trades, support rules), loaded and committed."""
    from survey_app.services import reference

    with app.app_context():
        counts = reference.load_all()
        _db.session.commit()
    return counts


# A demo small enough for a test, large enough for several districts, courses and zones.
DEMO = {"households": 150, "businesses": 10, "seed": 7}


@pytest.fixture
def demo_round(db, reference_data, request):
    """The open round of a demo loaded for the test, sized by the module's ``DEMO`` if it has
    one."""
    demo.load(**getattr(request.module, "DEMO", DEMO))
    db.session.commit()
    return db.session.scalar(select(SurveyRound))


def repeated_ids(page: str) -> list[str]:
    """Ids a page holds more than once: a label or an error link would find the wrong element."""
    return sorted(name for name, n in Counter(re.findall(r'\sid="([^"]+)"', page)).items() if n > 1)


def in_english(client) -> None:
    """Show the next pages in English, as the language switch does."""
    with client.session_transaction() as session:
        session["lang"] = "en"
