"""moderation decisions: hidden content, suspended accounts, and each case's decisions and answers

Revision ID: moderation_decisions
Revises: moderation_reports
Create Date: 2026-11-30 17:14:35.966660

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'moderation_decisions'
down_revision = 'moderation_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_case_event_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['moderation_case.id'], name=op.f('fk_case_event_case_id_moderation_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_event'))
    )
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_event_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_event_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(), nullable=True))


# Dropped in place, not by batch mode: on SQLite batch mode rebuilds the table, and dropping
# the old copy would cascade to its children (a community's programs, focus and coordinators).
HIDEABLE = ("campaign", "community", "course", "lesson", "program")


def downgrade():
    op.execute('ALTER TABLE "user" DROP COLUMN suspended_at')
    for table in HIDEABLE:
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN hidden_at')

    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_event_case_id'))
        batch_op.drop_index(batch_op.f('ix_case_event_author_id'))

    op.drop_table('case_event')
