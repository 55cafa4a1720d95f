"""Transactions behave the same on SQLite as on PostgreSQL."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from survey_app.models import Role, User, UserArea


def test_rolling_back_undoes_work_done_inside_a_released_savepoint(db):
    # pysqlite commits on the first savepoint release unless SQLAlchemy drives BEGIN itself;
    # a service that uses a savepoint would then leave half its work behind on a failure.
    with db.session.begin_nested():
        user = User(username="half", full_name="Nửa chừng", role=Role.SURVEYOR)
        user.set_password("x" * 12)
        db.session.add(user)
    db.session.rollback()

    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_row_pointing_at_a_missing_row_is_refused(db, create_user):
    user = create_user(Role.SURVEYOR)
    db.session.add(UserArea(user_id=user.id, region_id=999_999))

    with pytest.raises(IntegrityError):
        db.session.flush()
