"""search text holds places, focus names, programs and campaigns

Revision ID: i9directory_search_text
Revises: 5ed8523645bb
Create Date: 2026-11-30 14:30:00

A data migration: no column changes. Communities saved before it (the demo's too, when
load-demo ran on an older release) get the search text Community.refresh_search_text now
computes, so 'Kupang', 'NTT' or 'literacy' find them without anyone saving their profile.
It reads the tables directly (not the model, which may have moved on by the time this runs).
"""
from alembic import op
import sqlalchemy as sa

from webapp.models import PROVINCE_SHORT_NAMES
from webapp.text import fold


revision = 'i9directory_search_text'
down_revision = '5ed8523645bb'
branch_labels = None
depends_on = None

BATCH = 1000

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
