"""The directory's word index: every word of a query is found inside the folded search text
(`Community.search_text`) through a trigram index, not by reading every community.

- PostgreSQL: a GIN index with pg_trgm's `gin_trgm_ops` on `community.search_text`, which
  `LIKE '%word%'` uses as it stands.
- SQLite: an FTS5 table with the trigram tokenizer (`community_search`), kept in step with
  `community.search_text` by triggers; a quoted word is a substring match there.

Trigrams keep exactly what the plain `LIKE '%word%'` did (a word found inside another,
"literasi" inside "literasinya", '50%' literally), so the directory's behaviour does not change.
Words shorter than three characters have no trigram and are still matched by LIKE.

Both live only in the database (migration perf_search_index); `include_object` keeps
autogenerate and the schema test from taking them for strays.
"""

import sqlalchemy as sa

SEARCH_TABLE = "community_search"
# A word in at least this share of a sample of communities is "common" (split_words).
COMMON_SHARE = 0.02
SAMPLE_SIZE = 1000
TRIGRAM_INDEX = "ix_community_search_text_trgm"
# The directory's order as indexes: over all communities, within a province, within a kabupaten.
ORDER_INDEXES = {"ix_community_directory_order", "ix_community_province_order", "ix_community_regency_order"}
DATABASE_ONLY_INDEXES = {TRIGRAM_INDEX, *ORDER_INDEXES}
# A trigram needs three characters; shorter words are matched without the index.
MIN_INDEXED_LENGTH = 3


def include_object(object_, name, type_, reflected, compare_to):
    """For Alembic: the word index and the directory's order index are not in the models."""
    if type_ == "table" and name and name.startswith(SEARCH_TABLE):
        return False
    if type_ == "index" and name in DATABASE_ONLY_INDEXES:
        return False
    return True


def fts_phrase(word):
    """A word as an FTS5 string: double quotes doubled, so any character is literal."""
    return '"' + word.replace('"', '""') + '"'


def common_words(session, search_text, id_column, words, **reads):
    """The words found in at least COMMON_SHARE of a sample of communities, asked in one statement.

    A sample of SAMPLE_SIZE rows costs about a millisecond; asking the word index how many
    rows hold a word would cost as much as collecting them.
    """
    if not words:
        return set()
    sample = sa.select(search_text.label("text")).order_by(id_column).limit(SAMPLE_SIZE).subquery()
    hits = session.execute(
        sa.select(*(sa.func.count().filter(sample.c.text.contains(word, autoescape=True)) for word in words)),
        **reads,
    ).one()
    return {word for word, count in zip(words, hits) if count >= COMMON_SHARE * SAMPLE_SIZE}


def split_words(session, search_text, id_column, words, **reads):
    """(indexed, read): the words the word index should find, and those checked on the row read.

    A rare word is best found through the index. A common word is better checked on each row:
    the directory's order index is read until a page (and the bounded count) is full, which
    for a word in many communities is soon, while the index would first collect every one of
    its matches (on SQLite; PostgreSQL's planner weighs it the same way). Words shorter than
    three characters have no trigram. `reads` are the search's execution options (its bind).
    """
    candidates = [word for word in words if len(word) >= MIN_INDEXED_LENGTH]
    common = common_words(session, search_text, id_column, candidates, **reads)
    indexed = [word for word in candidates if word not in common]
    return indexed, [word for word in words if word not in indexed]


def read_conditions(search_text, words):
    """Conditions that each word is inside the search text, checked on the row."""
    return [search_text.contains(word, autoescape=True) for word in words]


def index_conditions(session, search_text, id_column, words):
    """Conditions that each word is inside the search text, which the word index serves."""
    if not words:
        return []
    if session.get_bind().dialect.name != "sqlite":
        return read_conditions(search_text, words)  # pg_trgm's index serves LIKE as it stands
    matches = (
        sa.select(sa.column("rowid"))
        .select_from(sa.table(SEARCH_TABLE))
        .where(sa.literal_column(SEARCH_TABLE).op("MATCH")(" AND ".join(fts_phrase(w) for w in words)))
    )
    return [id_column.in_(matches)]
