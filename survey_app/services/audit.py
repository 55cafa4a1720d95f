"""Writing the audit log, and finding the records its entries name."""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEntry, User
from survey_app.models.base import Base


def record(
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    obj=None,
    object_type: str | None = None,
    object_id=None,
    ip: str | None = None,
    **details,
) -> AuditEntry:
    """Add an audit entry for ``action`` done by ``user`` (or a named ``actor``) to ``obj``."""
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
    entry = AuditEntry(
        user_id=user.id if user is not None else None,
        actor=actor or (user.username if user is not None else "anonymous"),
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        ip=ip,
        details=details,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def subjects(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], object]:
    """The records ``entries`` name that still exist, by (object type, object id); one query
    per type of record."""
    models = {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}
    wanted = defaultdict(set)
    for entry in entries:
        if entry.object_type in models and (entry.object_id or "").isdecimal():
            wanted[entry.object_type].add(int(entry.object_id))
    found = {}
    for table, ids in wanted.items():
        model = models[table]
        found.update(((table, str(row.id)), row)
                     for row in db.session.scalars(select(model).where(model.id.in_(ids))))
    return found
