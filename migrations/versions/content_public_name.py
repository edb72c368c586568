"""Coordinators' public names (issue 12, item 3): how each coordinator appears on the
community's public profile. Everyone starts at their first name, the default, instead of the
full name every profile showed before.

Revision ID: content_public_name
Revises: content_public_address
Create Date: 2026-11-30 17:27:57.597696

"""
from alembic import op
import sqlalchemy as sa


revision = 'content_public_name'
down_revision = 'content_public_address'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('coordinatorship', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_name', sa.String(length=10), server_default='first', nullable=False))


def downgrade():
    # In place, not in batch mode: see content_public_address.
    op.drop_column('coordinatorship', 'public_name')
