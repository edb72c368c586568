"""lessons keep their HTML, rendered when saved, instead of converting Markdown per request

Revision ID: perf_lesson_html
Revises: perf_data_version
Create Date: 2026-11-30 17:17:09.610358

"""
from types import SimpleNamespace

from alembic import op
import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from webapp import markdown


# revision identifiers, used by Alembic.
revision = 'perf_lesson_html'
down_revision = 'perf_data_version'
branch_labels = None
depends_on = None

lesson = sa.table('lesson', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                  sa.column('body_html', sa.JSON))
image = sa.table('image', sa.column('id', sa.Integer), sa.column('sha256', sa.String),
                 sa.column('width', sa.Integer), sa.column('height', sa.Integer))
variant = sa.table('image_variant', sa.column('image_id', sa.Integer), sa.column('width', sa.Integer),
                   sa.column('height', sa.Integer), sa.column('size', sa.Integer))


def _images(connection, shas):
    """What markdown.render reads of each picture, from the tables as they are at this revision."""
    if not shas:
        return {}
    found = {}
    for row in connection.execute(sa.select(image).where(image.c.sha256.in_(shas))):
        found[row.id] = SimpleNamespace(sha256=row.sha256, width=row.width, height=row.height, variants=[])
    rows = connection.execute(sa.select(variant).where(variant.c.image_id.in_(list(found))).order_by(variant.c.width))
    for row in rows:
        found[row.image_id].variants.append(SimpleNamespace(width=row.width, height=row.height, size=row.size))
    return {picture.sha256: picture for picture in found.values()}


def upgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.JSON(), nullable=True))

    # Every lesson saved before gets what a save renders now (webapp.learning.services).
    connection = op.get_bind()
    with current_app.test_request_context():  # picture URLs are built with url_for
        for row in connection.execute(sa.select(lesson.c.id, lesson.c.body)).all():
            pictures = _images(connection, markdown.image_shas(row.body))
            rendered = {}
            for locale in current_app.config['LANGUAGES']:
                with force_locale(locale):
                    rendered[locale] = markdown.render(row.body, pictures, data_saver=False)
                    rendered[f'{locale}-hemat'] = markdown.render(row.body, pictures, data_saver=True)
            connection.execute(sa.update(lesson).where(lesson.c.id == row.id).values(body_html=rendered))

    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.alter_column('body_html', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_column('body_html')
