"""data version: one number that changes with the data behind shared pages (webapp.pagecache)

Revision ID: perf_data_version
Revises: moderation_decisions
Create Date: 2026-11-30 17:11:42.973616

"""
import time

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'perf_data_version'
down_revision = 'moderation_decisions'
branch_labels = None
depends_on = None


def upgrade():
    data_version = op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    # Starts from the clock, so a table made again never reuses a number under which a
    # shared cache (Redis) may still hold pages.
    op.bulk_insert(data_version, [{'id': 1, 'version': int(time.time() * 1000)}])


def downgrade():
    op.drop_table('data_version')
