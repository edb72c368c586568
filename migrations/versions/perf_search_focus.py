"""directory search: each community's focus ids in a column of its own, so the fokus filter reads the row it already has; the order indexes hold only listed communities

Revision ID: perf_search_focus
Revises: quiz_certificates
Create Date: 2026-12-01 20:10:00

`community.category_ids` holds the community's category ids as " 3 12 " (a space on each
side of every id), kept by Community.refresh_search_text. A plain ADD COLUMN, not batch
mode: on SQLite a rebuilt `community` table would lose the word index's triggers
(perf_search_index).

The directory's order indexes become partial (`WHERE hidden_at IS NULL`, as every directory
search asks): the bounded count then tells how many rows of a region it read from the index
alone, without visiting each row for its hidden_at.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'perf_search_focus'
down_revision = 'quiz_certificates'
branch_labels = None
depends_on = None

ORDER = "(verified_at IS NULL), lower(name), id"
ORDER_INDEXES = {
    'ix_community_directory_order': ORDER,
    'ix_community_province_order': f"province_code, {ORDER}",
    'ix_community_regency_order': f"regency_code, {ORDER}",
}


def order_indexes(where):
    for name, columns in ORDER_INDEXES.items():
        op.execute(f"DROP INDEX {name}")
        op.execute(f"CREATE INDEX {name} ON community ({columns}){where}")


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
    order_indexes(" WHERE hidden_at IS NULL")


def downgrade():
    order_indexes("")
    # Not batch mode, for the triggers' sake (SQLite 3.35 and later drop a column in place).
    op.execute("ALTER TABLE community DROP COLUMN category_ids")
