"""The migrations build exactly the schema the models describe, and undo it."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import Base
from tests.conftest import BACKENDS, ensure_postgres_database, sibling_postgres_url


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    url_string = sibling_postgres_url("migrations")
    ensure_postgres_database(url_string)
    engine = create_engine(url_string)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url_string


def test_upgrade_to_head_matches_models_and_downgrade_to_base(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "test"})
    engine = create_engine(empty_database_url)
    try:
        with app.app_context():
            upgrade()
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, Base.metadata) == []
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())

        with app.app_context():
            downgrade(revision="base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
        with app.app_context():
            db.engine.dispose()
