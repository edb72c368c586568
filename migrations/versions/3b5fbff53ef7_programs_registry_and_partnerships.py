"""programs registry and partnerships

Revision ID: 3b5fbff53ef7
Revises: 5973f0b75007
Create Date: 2026-11-22 07:25:52.623430

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b5fbff53ef7'
down_revision = '5973f0b75007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('district',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('regency_code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['regency_code'], ['regency.code'], name=op.f('fk_district_regency_code_regency')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_district'))
    )
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_regency_code'), ['regency_code'], unique=False)

    op.create_table('partnership_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('goal', sa.String(length=200), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_partnership_request_answered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['receiver_id'], ['community.id'], name=op.f('fk_partnership_request_receiver_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['community.id'], name=op.f('fk_partnership_request_sender_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_partnership_request_sent_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_request'))
    )
    with op.batch_alter_table('partnership_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_request_receiver_id'), ['receiver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_request_sender_id'), ['sender_id'], unique=False)

    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('target_group', sa.String(length=160), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('regency_code', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('district_code', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='running'))
        batch_op.add_column(sa.Column('seeks', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('offers', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('last_confirmed_at', sa.DateTime(), nullable=True))
    # Programs recorded before this revision lie where their community does, are taken as
    # running, and count as confirmed when they were last saved.
    op.execute(
        "UPDATE program SET last_confirmed_at = updated_at, regency_code = "
        "(SELECT community.regency_code FROM community WHERE community.id = program.community_id)"
    )
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.alter_column('regency_code', existing_type=sa.String(length=5), nullable=False)
        batch_op.alter_column('last_confirmed_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column('target_group', existing_type=sa.String(length=160), server_default=None)
        batch_op.alter_column('status', existing_type=sa.String(length=20), server_default=None)
        batch_op.alter_column('seeks', existing_type=sa.JSON(), server_default=None)
        batch_op.alter_column('offers', existing_type=sa.JSON(), server_default=None)
        batch_op.create_index(batch_op.f('ix_program_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_regency_code'), ['regency_code'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_program_district_code_district'), 'district', ['district_code'], ['code'])
        batch_op.create_foreign_key(batch_op.f('fk_program_category_id_category'), 'category', ['category_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_program_regency_code_regency'), 'regency', ['regency_code'], ['code'])



def downgrade():
    with op.batch_alter_table('program', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_program_regency_code_regency'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_program_category_id_category'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_program_district_code_district'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_program_regency_code'))
        batch_op.drop_index(batch_op.f('ix_program_category_id'))
        batch_op.drop_column('last_confirmed_at')
        batch_op.drop_column('offers')
        batch_op.drop_column('seeks')
        batch_op.drop_column('status')
        batch_op.drop_column('ends_on')
        batch_op.drop_column('starts_on')
        batch_op.drop_column('district_code')
        batch_op.drop_column('regency_code')
        batch_op.drop_column('target_group')
        batch_op.drop_column('category_id')

    with op.batch_alter_table('partnership_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_request_sender_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_request_receiver_id'))

    op.drop_table('partnership_request')
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_district_regency_code'))

    op.drop_table('district')
