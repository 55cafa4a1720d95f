"""initial schema

Revision ID: 18ab637b1417
Revises:
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '18ab637b1417'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('allowance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('condition', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance')),
    sa.UniqueConstraint('code', name=op.f('uq_allowance_code'))
    )
    op.create_table('class_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('applies_to', sa.String(length=80), nullable=False),
    sa.Column('max_learners', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_rule')),
    sa.UniqueConstraint('rule', 'applies_to', name=op.f('uq_class_rule_rule_applies_to'))
    )
    op.create_table('region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum('province', 'district', 'commune', name='regionlevel', native_enum=False), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name_vi', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('households', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['region.id'], name=op.f('fk_region_parent_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region')),
    sa.UniqueConstraint('level', 'code', 'valid_from', name=op.f('uq_region_level_code_valid_from'))
    )
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.create_index('ix_region_parent_id_level', ['parent_id', 'level'], unique=False)

    op.create_table('support_norm',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_code', sa.String(length=40), nullable=False),
    sa.Column('name_vi', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('max_training_support_vnd', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_norm')),
    sa.UniqueConstraint('group_code', name=op.f('uq_support_norm_group_code'))
    )
    op.create_table('survey_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='roundstatus', native_enum=False), nullable=False),
    sa.Column('open_registration', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_round')),
    sa.UniqueConstraint('name', name=op.f('uq_survey_round_name'))
    )
    op.create_table('trade',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name_vi', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('isced_f', sa.String(length=4), nullable=False),
    sa.Column('group', sa.String(length=40), nullable=False),
    sa.Column('typical_level', sa.Enum('thuong_xuyen', 'so_cap', 'trung_cap', 'cao_dang', name='level', native_enum=False), nullable=False),
    sa.Column('typical_duration_months', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade')),
    sa.UniqueConstraint('code', name=op.f('uq_trade_code'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('role', sa.Enum('surveyor', 'supervisor', 'planner', 'admin', name='role', native_enum=False), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=60), nullable=True),
    sa.Column('object_id', sa.String(length=80), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_entry_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_action_at', ['action', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_entry_object', ['object_type', 'object_id'], unique=False)

    op.create_table('business',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('tax_code', sa.String(length=14), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('commune_id', sa.Integer(), nullable=True),
    sa.Column('sector', sa.String(length=2), nullable=True),
    sa.Column('size_band', sa.String(length=20), nullable=True),
    sa.Column('ownership', sa.String(length=30), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['region.id'], name=op.f('fk_business_commune_id_region')),
    sa.ForeignKeyConstraint(['district_id'], ['region.id'], name=op.f('fk_business_district_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business')),
    sa.UniqueConstraint('tax_code', name=op.f('uq_business_tax_code'))
    )
    op.create_table('household_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Uuid(), nullable=False),
    sa.Column('root_id', sa.Uuid(), nullable=False),
    sa.Column('replaces', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('village', sa.String(length=120), nullable=True),
    sa.Column('surveyor_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('received', 'approved', 'has_issues', 'rejected', name='reviewstatus', native_enum=False), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('gps_lat', sa.Double(), nullable=True),
    sa.Column('gps_lon', sa.Double(), nullable=True),
    sa.Column('gps_accuracy_m', sa.Double(), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('head_name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('ethnicity', sa.String(length=60), nullable=True),
    sa.Column('poverty_status', sa.Enum('poor', 'near_poor', 'none', name='povertystatus', native_enum=False), nullable=False),
    sa.Column('main_livelihood', sa.String(length=60), nullable=True),
    sa.ForeignKeyConstraint(['commune_id'], ['region.id'], name=op.f('fk_household_response_commune_id_region')),
    sa.ForeignKeyConstraint(['district_id'], ['region.id'], name=op.f('fk_household_response_district_id_region')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_household_response_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_household_response_round_id_survey_round')),
    sa.ForeignKeyConstraint(['surveyor_id'], ['user_account.id'], name=op.f('fk_household_response_surveyor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_response')),
    sa.UniqueConstraint('instance_id', name=op.f('uq_household_response_instance_id'))
    )
    with op.batch_alter_table('household_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_response_root_id'), ['root_id'], unique=False)
        batch_op.create_index('ix_household_response_round_commune', ['round_id', 'commune_id', 'is_current'], unique=False)
        batch_op.create_index('ix_household_response_round_district', ['round_id', 'district_id', 'is_current'], unique=False)
        batch_op.create_index('ix_household_response_surveyor', ['surveyor_id', 'round_id'], unique=False)

    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='planstatus', native_enum=False), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_plan_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_plan_round_id_survey_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan'))
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_round_id'), ['round_id'], unique=False)

    op.create_table('round_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('target_households', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['region.id'], name=op.f('fk_round_target_commune_id_region')),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_round_target_round_id_survey_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_target')),
    sa.UniqueConstraint('round_id', 'commune_id', name=op.f('uq_round_target_round_id_commune_id'))
    )
    op.create_table('user_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_user_area_region_id_region')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_area_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_area')),
    sa.UniqueConstraint('user_id', 'region_id', name=op.f('uq_user_area_user_id_region_id'))
    )
    op.create_table('household_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sex', sa.Enum('female', 'male', name='sex', native_enum=False), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.Column('education', sa.String(length=40), nullable=True),
    sa.Column('current_work', sa.String(length=60), nullable=True),
    sa.Column('desired_level', sa.Enum('thuong_xuyen', 'so_cap', 'trung_cap', 'cao_dang', name='level', native_enum=False), nullable=False),
    sa.Column('max_duration_months', sa.Integer(), nullable=True),
    sa.Column('study_place', sa.Enum('commune', 'commune_cluster', 'district', 'province', name='studyplace', native_enum=False), nullable=False),
    sa.Column('can_board', sa.Boolean(), nullable=False),
    sa.Column('work_away', sa.Enum('no', 'outside_province', 'abroad', name='workaway', native_enum=False), nullable=False),
    sa.Column('work_away_where', sa.String(length=120), nullable=True),
    sa.Column('constraints', sa.Text(), nullable=True),
    sa.Column('poor_household', sa.Boolean(), nullable=False),
    sa.Column('near_poor_household', sa.Boolean(), nullable=False),
    sa.Column('ethnic_minority', sa.Boolean(), nullable=False),
    sa.Column('disability', sa.Boolean(), nullable=False),
    sa.Column('revolutionary_merit', sa.Boolean(), nullable=False),
    sa.Column('demobilised_soldier', sa.Boolean(), nullable=False),
    sa.Column('land_recovered', sa.Boolean(), nullable=False),
    sa.Column('woman_lost_job', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['household_response.id'], name=op.f('fk_household_member_response_id_household_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_member'))
    )
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_member_response_id'), ['response_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('not_opened', 'opened', 'in_progress', 'submitted', 'revoked', name='invitationstatus', native_enum=False), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=30), nullable=True),
    sa.Column('contact_email', sa.String(length=200), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], name=op.f('fk_invitation_business_id_business')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_invitation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_invitation_round_id_survey_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_round_id'), ['round_id'], unique=False)

    op.create_table('business_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('submitted', sa.Boolean(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_phone', sa.String(length=30), nullable=True),
    sa.Column('skills_lacking', sa.Text(), nullable=True),
    sa.Column('provide_trainers', sa.Boolean(), nullable=False),
    sa.Column('provide_workshop', sa.Boolean(), nullable=False),
    sa.Column('take_apprentices', sa.Boolean(), nullable=False),
    sa.Column('commit_to_hire', sa.Boolean(), nullable=False),
    sa.Column('co_fund', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['business.id'], name=op.f('fk_business_response_business_id_business')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_business_response_invitation_id_invitation')),
    sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_business_response_round_id_survey_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_response'))
    )
    with op.batch_alter_table('business_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_response_business_id'), ['business_id'], unique=False)
        batch_op.create_index('ix_business_response_round_current', ['round_id', 'is_current'], unique=False)

    op.create_table('trade_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('trade_id', sa.Integer(), nullable=True),
    sa.Column('other_text', sa.String(length=200), nullable=True),
    sa.CheckConstraint('rank BETWEEN 1 AND 3', name=op.f('ck_trade_choice_rank_range')),
    sa.ForeignKeyConstraint(['member_id'], ['household_member.id'], name=op.f('fk_trade_choice_member_id_household_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trade_id'], ['trade.id'], name=op.f('fk_trade_choice_trade_id_trade')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade_choice'))
    )
    with op.batch_alter_table('trade_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trade_choice_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_trade_choice_trade_rank', ['trade_id', 'rank'], unique=False)

    op.create_table('business_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('vacancy', 'plan', name='needkind', native_enum=False), nullable=False),
    sa.Column('trade_id', sa.Integer(), nullable=True),
    sa.Column('other_text', sa.String(length=200), nullable=True),
    sa.Column('workers', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum('thuong_xuyen', 'so_cap', 'trung_cap', 'cao_dang', name='level', native_enum=False), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=True),
    sa.Column('wage_offered_vnd', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['business_response.id'], name=op.f('fk_business_need_response_id_business_response'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trade_id'], ['trade.id'], name=op.f('fk_business_need_trade_id_trade')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_need'))
    )
    with op.batch_alter_table('business_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_need_response_id'), ['response_id'], unique=False)
        batch_op.create_index('ix_business_need_trade_level', ['trade_id', 'level'], unique=False)



def downgrade():
    with op.batch_alter_table('business_need', schema=None) as batch_op:
        batch_op.drop_index('ix_business_need_trade_level')
        batch_op.drop_index(batch_op.f('ix_business_need_response_id'))

    op.drop_table('business_need')
    with op.batch_alter_table('trade_choice', schema=None) as batch_op:
        batch_op.drop_index('ix_trade_choice_trade_rank')
        batch_op.drop_index(batch_op.f('ix_trade_choice_member_id'))

    op.drop_table('trade_choice')
    with op.batch_alter_table('business_response', schema=None) as batch_op:
        batch_op.drop_index('ix_business_response_round_current')
        batch_op.drop_index(batch_op.f('ix_business_response_business_id'))

    op.drop_table('business_response')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_round_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_business_id'))

    op.drop_table('invitation')
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_member_response_id'))

    op.drop_table('household_member')
    op.drop_table('user_area')
    op.drop_table('round_target')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_round_id'))

    op.drop_table('plan')
    with op.batch_alter_table('household_response', schema=None) as batch_op:
        batch_op.drop_index('ix_household_response_surveyor')
        batch_op.drop_index('ix_household_response_round_district')
        batch_op.drop_index('ix_household_response_round_commune')
        batch_op.drop_index(batch_op.f('ix_household_response_root_id'))

    op.drop_table('household_response')
    op.drop_table('business')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_object')
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index('ix_audit_entry_action_at')

    op.drop_table('audit_entry')
    op.drop_table('user_account')
    op.drop_table('trade')
    op.drop_table('survey_round')
    op.drop_table('support_norm')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_index('ix_region_parent_id_level')

    op.drop_table('region')
    op.drop_table('class_rule')
    op.drop_table('allowance')
