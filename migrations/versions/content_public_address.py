"""A community's public organisational address (issue 12, item 1): one e-mail it chooses to
publish, apart from the contacts shared only by consent.

Revision ID: content_public_address
Revises: meet_meetings
Create Date: 2026-11-30 17:15:44.767067

"""
from alembic import op
import sqlalchemy as sa


revision = 'content_public_address'
down_revision = 'meet_meetings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_email', sa.String(length=254), nullable=True))


def downgrade():
    # Not in batch mode: on SQLite that rebuilds the table, and with foreign keys on, dropping
    # the old table deletes every row that cascades from a community (its focus, coordinators,
    # programs). SQLite (3.35 and later) and PostgreSQL both drop a plain column in place.
    op.drop_column('community', 'public_email')
