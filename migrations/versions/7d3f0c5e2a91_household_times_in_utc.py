"""household response times in UTC on SQLite

SQLite keeps no offset: until now a tablet's 08:15+07:00 was stored as 08:15 and read back as
08:15 UTC, seven hours late (models/base.py UTCDateTime now converts). The times as the tablet
sent them are in the payload, so they are written again from it; SQLite's strftime reads the
offset and gives UTC. PostgreSQL stored them right: nothing to do there.

Revision ID: 7d3f0c5e2a91
Revises: 171021bf561d
Create Date: 2026-11-28

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '7d3f0c5e2a91'
down_revision = '171021bf561d'
branch_labels = None
depends_on = None


def _utc(key):
    # SQLAlchemy's own text form for SQLite timestamps; an answer without the time keeps its own.
    return (f"COALESCE(strftime('%Y-%m-%d %H:%M:%S', json_extract(payload, '$.{key}')) "
            f"|| '.000000', {key})")


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"UPDATE household_response SET started_at = {_utc('started_at')}, "
                   f"finished_at = {_utc('finished_at')}")


def downgrade():
    pass  # the times stay right
