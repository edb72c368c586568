"""e-mail verification, and single-use mailed links (verify, reset, welcome)

Accounts that exist before this migration count as verified: their owners signed up when no
verification was asked, and locking them out of contacts overnight would help no one.

Revision ID: accounts_email_verified
Revises: lead_contact_requests
Create Date: 2026-11-30 17:10:02.762368

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'accounts_email_verified'
down_revision = 'lead_contact_requests'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mailed_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mailed_link_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailed_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_mailed_link_token_hash'))
    )
    with op.batch_alter_table('mailed_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailed_link_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
    user = sa.table('user', sa.column('created_at', sa.DateTime()), sa.column('email_verified_at', sa.DateTime()))
    op.execute(user.update().values(email_verified_at=user.c.created_at))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')

    with op.batch_alter_table('mailed_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailed_link_user_id'))

    op.drop_table('mailed_link')
