"""meetings: meetings in person, registrations with a waiting line, check-ins (offline scans kept), calendar feeds, volunteer offers on programs

Revision ID: meet_meetings
Revises: partner_spaces
Create Date: 2026-11-30 17:09:55.825243

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'meet_meetings'
down_revision = 'partner_spaces'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_calendar_feed_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_calendar_feed_secret_hash'))
    )
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('regency_code', sa.String(length=5), nullable=True),
    sa.Column('district_code', sa.String(length=8), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('registration_closes_at', sa.DateTime(), nullable=True),
    sa.Column('counts_toward_certificate', sa.Boolean(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_meeting_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_meeting_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_meeting_district_code_district')),
    sa.ForeignKeyConstraint(['organiser_id'], ['user.id'], name=op.f('fk_meeting_organiser_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], name=op.f('fk_meeting_province_code_province')),
    sa.ForeignKeyConstraint(['regency_code'], ['regency.code'], name=op.f('fk_meeting_regency_code_regency')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_meeting_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_province_code'), ['province_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_regency_code'), ['regency_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_starts_at'), ['starts_at'], unique=False)

    op.create_table('registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.Column('offer_expires_at', sa.DateTime(), nullable=True),
    sa.Column('name_visible', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_registration_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_registration_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('code', name=op.f('uq_registration_code')),
    sa.UniqueConstraint('meeting_id', 'user_id', name=op.f('uq_registration_meeting_id'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_user_id'), ['user_id'], unique=False)

    op.create_table('volunteer_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('offer', sa.String(length=500), nullable=False),
    sa.Column('availability', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_volunteer_offer_answered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_volunteer_offer_program_id_program'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_volunteer_offer_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_offer'))
    )
    with op.batch_alter_table('volunteer_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_offer_program_id'), ['program_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_offer_user_id'), ['user_id'], unique=False)

    op.create_table('check_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('walk_in_name', sa.String(length=120), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('scanned_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('device', sa.String(length=80), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_check_in_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_check_in_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_check_in_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_check_in_idempotency_key'))
    )
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_in_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_in_registration_id'), ['registration_id'], unique=False)



def downgrade():
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_in_registration_id'))
        batch_op.drop_index(batch_op.f('ix_check_in_meeting_id'))

    op.drop_table('check_in')
    with op.batch_alter_table('volunteer_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_offer_user_id'))
        batch_op.drop_index(batch_op.f('ix_volunteer_offer_program_id'))

    op.drop_table('volunteer_offer')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_user_id'))
        batch_op.drop_index(batch_op.f('ix_registration_meeting_id'))

    op.drop_table('registration')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meeting_regency_code'))
        batch_op.drop_index(batch_op.f('ix_meeting_province_code'))
        batch_op.drop_index(batch_op.f('ix_meeting_course_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_community_id'))

    op.drop_table('meeting')
    op.drop_table('calendar_feed')
