"""directory search: each community's focus ids in a column of its own, so the fokus filter reads the row it already has

Revision ID: perf_search_focus
Revises: quiz_certificates
Create Date: 2026-12-01 20:10:00

`community.category_ids` holds the community's category ids as " 3 12 " (a space on each
side of every id), kept by Community.refresh_search_text. A plain ADD COLUMN, not batch
mode: on SQLite a rebuilt `community` table would lose the word index's triggers
(perf_search_index).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'perf_search_focus'
down_revision = 'quiz_certificates'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('community', sa.Column('category_ids', sa.Text(), server_default='', nullable=False))
    if op.get_bind().dialect.name == 'postgresql':
        ids = "string_agg(category_id::text, ' ' ORDER BY category_id)"
    else:
        ids = "group_concat(category_id, ' ')"
    op.execute(
        "UPDATE community SET category_ids = coalesce("
        f"(SELECT ' ' || {ids} || ' ' FROM community_category WHERE community_id = community.id), '')"
    )


def downgrade():
    # Not batch mode, for the triggers' sake (SQLite 3.35 and later drop a column in place).
    op.execute("ALTER TABLE community DROP COLUMN category_ids")
