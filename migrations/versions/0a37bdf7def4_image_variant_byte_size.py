"""image variant byte size

Revision ID: 0a37bdf7def4
Revises: 0317ffc5ddd7
Create Date: 2026-11-22 06:28:47.430017

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0a37bdf7def4'
down_revision = '0317ffc5ddd7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('image_variant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size', sa.Integer(), nullable=False, server_default='0'))
    # Variants stored before this revision learn their size from their bytes.
    op.execute("UPDATE image_variant SET size = length(data)")
    with op.batch_alter_table('image_variant', schema=None) as batch_op:
        batch_op.alter_column('size', server_default=None)


def downgrade():
    with op.batch_alter_table('image_variant', schema=None) as batch_op:
        batch_op.drop_column('size')
