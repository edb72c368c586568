"""directory search through a trigram index: FTS5 on SQLite, pg_trgm on PostgreSQL; the directory's order as an index

Revision ID: perf_search_index
Revises: perf_lesson_html
Create Date: 2026-11-30 17:32:00

The word index lives only in the database (webapp.directory.search). On SQLite it is an FTS5
table kept in step by triggers on `community`: a later migration that rebuilds that table
(batch mode's copy-and-rename) drops the triggers with it and must create them again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'perf_search_index'
down_revision = 'perf_lesson_html'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE community_search USING fts5("
    " search_text, content='community', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER community_search_insert AFTER INSERT ON community BEGIN"
    " INSERT INTO community_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER community_search_delete AFTER DELETE ON community BEGIN"
    " INSERT INTO community_search(community_search, rowid, search_text)"
    " VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER community_search_update AFTER UPDATE OF search_text ON community BEGIN"
    " INSERT INTO community_search(community_search, rowid, search_text)"
    " VALUES ('delete', old.id, old.search_text);"
    " INSERT INTO community_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    # The communities saved before this revision.
    "INSERT INTO community_search(community_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER community_search_update",
    "DROP TRIGGER community_search_delete",
    "DROP TRIGGER community_search_insert",
    "DROP TABLE community_search",
]
# Verified first, then by name regardless of case, then id: the directory's order
# (webapp.directory.services.DIRECTORY_ORDER), so a page is read off an index, for the whole
# directory and within a province or a kabupaten.
ORDER = "(verified_at IS NULL), lower(name), id"
ORDER_INDEXES = {
    'ix_community_directory_order': ORDER,
    'ix_community_province_order': f"province_code, {ORDER}",
    'ix_community_regency_order': f"regency_code, {ORDER}",
}


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_community_search_text_trgm ON community USING gin (search_text gin_trgm_ops)")
    else:
        for statement in SQLITE_UP:
            op.execute(statement)
    for name, columns in ORDER_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON community ({columns})")


def downgrade():
    for name in ORDER_INDEXES:
        op.execute(f"DROP INDEX {name}")
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX ix_community_search_text_trgm")
    else:
        for statement in SQLITE_DOWN:
            op.execute(statement)
