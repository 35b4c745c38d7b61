"""Initial registry schema: every table of the programme registry and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=True),
    sa.Column('old_values', sa.Text(), nullable=True),
    sa.Column('new_values', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_table_name'), ['table_name'], unique=False)

    op.create_table('equity_weights',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('criterion', sa.String(length=40), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equity_weights')),
    sa.UniqueConstraint('criterion', name=op.f('uq_equity_weights_criterion'))
    )
    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_meta'))
    )
    op.create_table('publications',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications'))
    )
    op.create_table('regions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    sa.UniqueConstraint('code', name=op.f('uq_regions_code'))
    )
    op.create_table('districts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'],
            name=op.f('fk_districts_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts'))
    )
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_districts_region_id'), ['region_id'], unique=False)

    op.create_table('trainings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=160), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('counted_women', sa.Integer(), nullable=False),
    sa.Column('counted_men', sa.Integer(), nullable=False),
    sa.Column('counted_youth', sa.Integer(), nullable=False),
    sa.Column('counted_elderly', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'],
            name=op.f('fk_trainings_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainings'))
    )
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainings_region_id'), ['region_id'], unique=False)

    op.create_table('communities',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('founding', sa.Boolean(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'],
            name=op.f('fk_communities_district_id_districts')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'],
            name=op.f('fk_communities_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communities'))
    )
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communities_region_id'), ['region_id'], unique=False)

    op.create_table('cooperatives',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'],
            name=op.f('fk_cooperatives_community_id_communities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperatives'))
    )
    with op.batch_alter_table('cooperatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cooperatives_community_id'), ['community_id'],
                unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=160), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=False),
    sa.Column('age_group', sa.String(length=10), nullable=False),
    sa.Column('vulnerable_tags', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'],
            name=op.f('fk_people_community_id_communities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_community_id'), ['community_id'], unique=False)

    op.create_table('farms',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=True),
    sa.Column('head_person_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('head_gender', sa.String(length=10), nullable=False),
    sa.Column('size_ha', sa.Float(), nullable=False),
    sa.Column('irrigated_ha', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'],
            name=op.f('fk_farms_community_id_communities')),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperatives.id'],
            name=op.f('fk_farms_cooperative_id_cooperatives')),
    sa.ForeignKeyConstraint(['head_person_id'], ['people.id'],
            name=op.f('fk_farms_head_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_farms'))
    )
    with op.batch_alter_table('farms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_farms_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_farms_cooperative_id'), ['cooperative_id'],
                unique=False)

    op.create_table('training_attendees',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('training_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
            name=op.f('fk_training_attendees_person_id_people')),
    sa.ForeignKeyConstraint(['training_id'], ['trainings.id'],
            name=op.f('fk_training_attendees_training_id_trainings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendees')),
    sa.UniqueConstraint('training_id', 'person_id', name=op.f('uq_training_attendees_training_id'))
    )
    with op.batch_alter_table('training_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendees_person_id'), ['person_id'],
                unique=False)
        batch_op.create_index(batch_op.f('ix_training_attendees_training_id'), ['training_id'],
                unique=False)

    op.create_table('cooperative_members',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('cooperative_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('farm_id', sa.Integer(), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cooperative_id'], ['cooperatives.id'],
            name=op.f('fk_cooperative_members_cooperative_id_cooperatives')),
    sa.ForeignKeyConstraint(['farm_id'], ['farms.id'],
            name=op.f('fk_cooperative_members_farm_id_farms')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
            name=op.f('fk_cooperative_members_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperative_members')),
    sa.UniqueConstraint('cooperative_id', 'person_id',
            name=op.f('uq_cooperative_members_cooperative_id'))
    )
    with op.batch_alter_table('cooperative_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cooperative_members_cooperative_id'),
                ['cooperative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperative_members_person_id'), ['person_id'],
                unique=False)

    op.create_table('fields',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('farm_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('geometry', sa.Text(), nullable=False),
    sa.Column('declared_area_ha', sa.Float(), nullable=False),
    sa.Column('area_ha', sa.Float(), nullable=False),
    sa.Column('soil_texture', sa.String(length=20), nullable=False),
    sa.Column('ece_initial_ds_m', sa.Float(), nullable=True),
    sa.Column('soc_initial_pct', sa.Float(), nullable=True),
    sa.Column('water_source', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['farm_id'], ['farms.id'], name=op.f('fk_fields_farm_id_farms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fields'))
    )
    with op.batch_alter_table('fields', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fields_farm_id'), ['farm_id'], unique=False)

    op.create_table('income_surveys',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('farm_id', sa.Integer(), nullable=False),
    sa.Column('surveyed_on', sa.Date(), nullable=False),
    sa.Column('phase', sa.String(length=12), nullable=False),
    sa.Column('net_income_kzt', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['farm_id'], ['farms.id'],
            name=op.f('fk_income_surveys_farm_id_farms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_income_surveys'))
    )
    with op.batch_alter_table('income_surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_income_surveys_farm_id'), ['farm_id'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('farm_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['farm_id'], ['farms.id'], name=op.f('fk_jobs_farm_id_farms')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_jobs_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_person_id'), ['person_id'], unique=False)

    op.create_table('proposals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('submitter_kind', sa.String(length=20), nullable=False),
    sa.Column('farm_id', sa.Integer(), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('support_requested', sa.String(length=300), nullable=False),
    sa.Column('requested_kzt', sa.Float(), nullable=False),
    sa.Column('beneficiaries_total', sa.Integer(), nullable=False),
    sa.Column('beneficiaries_women', sa.Integer(), nullable=False),
    sa.Column('beneficiaries_youth', sa.Integer(), nullable=False),
    sa.Column('beneficiaries_elderly', sa.Integer(), nullable=False),
    sa.Column('beneficiaries_vulnerable', sa.Integer(), nullable=False),
    sa.Column('priority_score', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.String(length=500), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'],
            name=op.f('fk_proposals_community_id_communities')),
    sa.ForeignKeyConstraint(['farm_id'], ['farms.id'], name=op.f('fk_proposals_farm_id_farms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_community_id'), ['community_id'],
                unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_farm_id'), ['farm_id'], unique=False)

    op.create_table('seasons',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('management_system', sa.String(length=30), nullable=False),
    sa.Column('crops', sa.String(length=200), nullable=False),
    sa.Column('sowing_date', sa.Date(), nullable=True),
    sa.Column('seeding_rate_kg_ha', sa.Float(), nullable=True),
    sa.Column('irrigation_method', sa.String(length=20), nullable=False),
    sa.Column('tillage', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['fields.id'], name=op.f('fk_seasons_field_id_fields')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seasons')),
    sa.UniqueConstraint('field_id', 'year', name=op.f('uq_seasons_field_id'))
    )
    with op.batch_alter_table('seasons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seasons_field_id'), ['field_id'], unique=False)

    op.create_table('soil_samples',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('sampled_on', sa.Date(), nullable=False),
    sa.Column('depth_cm', sa.Float(), nullable=False),
    sa.Column('soc_pct', sa.Float(), nullable=True),
    sa.Column('ece_ds_m', sa.Float(), nullable=True),
    sa.Column('ph', sa.Float(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['fields.id'],
            name=op.f('fk_soil_samples_field_id_fields')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_soil_samples'))
    )
    with op.batch_alter_table('soil_samples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_soil_samples_field_id'), ['field_id'], unique=False)

    op.create_table('water_readings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('read_on', sa.Date(), nullable=False),
    sa.Column('meter_m3', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['fields.id'],
            name=op.f('fk_water_readings_field_id_fields')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_water_readings'))
    )
    with op.batch_alter_table('water_readings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_water_readings_field_id'), ['field_id'], unique=False)

    op.create_table('yield_measurements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('crop', sa.String(length=60), nullable=False),
    sa.Column('cut_number', sa.Integer(), nullable=True),
    sa.Column('yield_t_ha', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['fields.id'],
            name=op.f('fk_yield_measurements_field_id_fields')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yield_measurements'))
    )
    with op.batch_alter_table('yield_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_yield_measurements_field_id'), ['field_id'],
                unique=False)
    _create_audit_triggers()


_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
_PG_TRIGGERS = (
    "CREATE FUNCTION zhassyl_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION zhassyl_audit_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION zhassyl_audit_append_only()",
)


def _create_audit_triggers() -> None:
    """Make the audit log append-only in the database itself."""
    name = op.get_bind().dialect.name
    statements = _SQLITE_TRIGGERS if name == "sqlite" else _PG_TRIGGERS if (
        name == "postgresql") else ()
    for statement in statements:
        op.execute(statement)


def _drop_audit_triggers() -> None:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS zhassyl_audit_append_only()")


def downgrade() -> None:
    """Revert this revision."""
    _drop_audit_triggers()
    with op.batch_alter_table('yield_measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_yield_measurements_field_id'))

    op.drop_table('yield_measurements')
    with op.batch_alter_table('water_readings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_water_readings_field_id'))

    op.drop_table('water_readings')
    with op.batch_alter_table('soil_samples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_soil_samples_field_id'))

    op.drop_table('soil_samples')
    with op.batch_alter_table('seasons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seasons_field_id'))

    op.drop_table('seasons')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_farm_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_community_id'))

    op.drop_table('proposals')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_person_id'))

    op.drop_table('jobs')
    with op.batch_alter_table('income_surveys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_income_surveys_farm_id'))

    op.drop_table('income_surveys')
    with op.batch_alter_table('fields', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fields_farm_id'))

    op.drop_table('fields')
    with op.batch_alter_table('cooperative_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cooperative_members_person_id'))
        batch_op.drop_index(batch_op.f('ix_cooperative_members_cooperative_id'))

    op.drop_table('cooperative_members')
    with op.batch_alter_table('training_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendees_training_id'))
        batch_op.drop_index(batch_op.f('ix_training_attendees_person_id'))

    op.drop_table('training_attendees')
    with op.batch_alter_table('farms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_farms_cooperative_id'))
        batch_op.drop_index(batch_op.f('ix_farms_community_id'))

    op.drop_table('farms')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_community_id'))

    op.drop_table('people')
    with op.batch_alter_table('cooperatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cooperatives_community_id'))

    op.drop_table('cooperatives')
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communities_region_id'))

    op.drop_table('communities')
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainings_region_id'))

    op.drop_table('trainings')
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_districts_region_id'))

    op.drop_table('districts')
    op.drop_table('regions')
    op.drop_table('publications')
    op.drop_table('meta')
    op.drop_table('equity_weights')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_table_name'))

    op.drop_table('audit_log')
