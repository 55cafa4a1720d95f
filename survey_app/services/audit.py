"""Writing the audit log."""

from survey_app.extensions import db
from survey_app.models import AuditEntry, User


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
