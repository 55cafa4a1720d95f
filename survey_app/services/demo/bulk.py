"""Bulk inserts under ids set by hand, and the PostgreSQL sequences moved past them."""

from sqlalchemy import func, insert, select

from survey_app.extensions import db


def insert_with_ids(model, rows: list[dict]) -> list[int]:
    """Bulk insert ``rows`` under ids counted on from the table's largest; return the ids.

    Children need their parents' ids, and RETURNING with a guaranteed order
    falls back to one statement per row on SQLite: minutes instead of a second.
    """
    start = (db.session.scalar(select(func.max(model.id))) or 0) + 1
    ids = list(range(start, start + len(rows)))
    if rows:
        db.session.execute(bulk_insert(model), [{**row, "id": i} for i, row in zip(ids, rows,
                                                                                   strict=True)])
    return ids


def bulk_insert(model):
    """An INSERT for ``model`` that sends NULLs, for executemany with a list of row dicts."""
    # Without render_nulls the ORM leaves out None values, so rows with their
    # NULLs in different columns are sent in separate batches: one per row here.
    return insert(model).execution_options(render_nulls=True)


def reset_sequences(*models) -> None:
    """Move PostgreSQL's id sequences past the ids set by hand, so later inserts do not collide."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__
        db.session.execute(select(func.setval(
            func.pg_get_serial_sequence(table.name, "id"),
            select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery(),
            False,
        )))
