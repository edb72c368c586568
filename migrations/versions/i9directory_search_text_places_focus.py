"""search text holds places, focus names, programs and campaigns

Revision ID: i9directory_search_text
Revises: 5ed8523645bb
Create Date: 2026-11-30 14:30:00

A data migration: no column changes. Communities saved before it (the demo's too, when
load-demo ran on an older release) get the search text Community.refresh_search_text now
computes, so 'Kupang', 'NTT' or 'literacy' find them without anyone saving their profile.
It reads the tables directly and keeps its own copies of the short names and of fold(), not
the app's, which may have moved on by the time this runs.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = 'i9directory_search_text'
down_revision = '5ed8523645bb'
branch_labels = None
depends_on = None

BATCH = 1000

# Frozen copies of what the app had when this migration was written (webapp.models.regions,
# webapp.text.fold): a migration must give the same result whatever the app later becomes.
PROVINCE_SHORT_NAMES = {
    "11": ("NAD",),
    "12": ("Sumut",),
    "13": ("Sumbar",),
    "16": ("Sumsel",),
    "19": ("Babel",),
    "21": ("Kepri",),
    "31": ("DKI",),
    "32": ("Jabar",),
    "33": ("Jateng",),
    "34": ("DIY", "Jogja"),
    "35": ("Jatim",),
    "52": ("NTB",),
    "53": ("NTT",),
    "61": ("Kalbar",),
    "62": ("Kalteng",),
    "63": ("Kalsel",),
    "64": ("Kaltim",),
    "65": ("Kaltara",),
    "71": ("Sulut",),
    "72": ("Sulteng",),
    "73": ("Sulsel",),
    "74": ("Sultra",),
    "76": ("Sulbar",),
    "82": ("Malut",),
    "92": ("Pabar",),
    "96": ("PBD",),
}


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

community = sa.table(
    'community', sa.column('id'), sa.column('name'), sa.column('headline'), sa.column('vision'),
    sa.column('province_code'), sa.column('regency_code'),
    sa.column('search_text'),
)
province = sa.table('province', sa.column('code'), sa.column('name'))
regency = sa.table('regency', sa.column('code'), sa.column('name'))
category = sa.table('category', sa.column('id'), sa.column('name'), sa.column('name_en'))
community_category = sa.table('community_category', sa.column('community_id'), sa.column('category_id'))
program = sa.table('program', sa.column('id'), sa.column('community_id'), sa.column('title'), sa.column('description'))
campaign = sa.table('campaign', sa.column('id'), sa.column('community_id'), sa.column('title'))


def _grouped(connection, query):
    """{community id: [texts...]} from rows of (community_id, text, text...)."""
    texts = {}
    for community_id, *values in connection.execute(query):
        texts.setdefault(community_id, []).extend(values)
    return texts


def upgrade():
    connection = op.get_bind()
    provinces = dict(connection.execute(sa.select(province.c.code, province.c.name)).all())
    regencies = dict(connection.execute(sa.select(regency.c.code, regency.c.name)).all())
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(community).where(community.c.id > last_id).order_by(community.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        ids = [row.id for row in rows]
        last_id = ids[-1]
        focus = _grouped(connection, sa.select(community_category.c.community_id, category.c.name, category.c.name_en)
                         .join(category, category.c.id == community_category.c.category_id)
                         .where(community_category.c.community_id.in_(ids)))
        programs = _grouped(connection, sa.select(program.c.community_id, program.c.title, program.c.description)
                            .where(program.c.community_id.in_(ids)).order_by(program.c.id))
        campaigns = _grouped(connection, sa.select(campaign.c.community_id, campaign.c.title)
                             .where(campaign.c.community_id.in_(ids)).order_by(campaign.c.id))
        updates = []
        for row in rows:
            parts = [row.name, row.headline, row.vision,
                     regencies.get(row.regency_code), provinces.get(row.province_code),
                     *PROVINCE_SHORT_NAMES.get(row.province_code, ()),
                     *focus.get(row.id, ()), *programs.get(row.id, ()), *campaigns.get(row.id, ())]
            updates.append({'row_id': row.id, 'text': fold(' '.join(p for p in parts if p))})
        connection.execute(
            sa.update(community).where(community.c.id == sa.bindparam('row_id'))
            .values(search_text=sa.bindparam('text')),
            updates,
        )


def downgrade():
    # The longer text only lets more words match; the older code searches it just the same.
    pass
