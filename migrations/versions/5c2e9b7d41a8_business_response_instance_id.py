"""business response instance id, for imported paper questionnaires

Revision ID: 5c2e9b7d41a8
Revises: 18ab637b1417
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5c2e9b7d41a8'
down_revision = '18ab637b1417'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('business_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('instance_id', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_business_response_instance_id'),
                                          ['instance_id'])


def downgrade():
    with op.batch_alter_table('business_response', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_business_response_instance_id'), type_='unique')
        batch_op.drop_column('instance_id')
