"""SQLite connection settings: WAL for concurrent readers, enforced foreign keys,
and transactions that SQLAlchemy begins itself.

pysqlite opens transactions on its own and commits when the first savepoint of
a transaction is released, so a rollback after a savepoint would keep half the
work. Turning its transaction handling off and emitting BEGIN from SQLAlchemy's
"begin" event is the fix SQLAlchemy documents ("Serializable isolation /
Savepoints / Transactional DDL" in its SQLite dialect notes).
"""

from sqlalchemy import event


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    dbapi_connection.isolation_level = None


def _begin(connection):
    connection.exec_driver_sql("BEGIN")


def register(app) -> None:
    from survey_app.extensions import db

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _begin)
