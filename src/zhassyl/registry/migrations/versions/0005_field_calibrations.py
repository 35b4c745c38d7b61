"""Field calibrations: a field's fitted production level with its provenance (issue 12).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        'field_calibrations',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('field_id', sa.Integer(), nullable=False),
        sa.Column('fitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('fitted_by', sa.String(length=120), nullable=False),
        sa.Column('system', sa.String(length=30), nullable=False),
        sa.Column('fertility_stress_pct', sa.Float(), nullable=False),
        sa.Column('stress_low_pct', sa.Float(), nullable=False),
        sa.Column('stress_high_pct', sa.Float(), nullable=False),
        sa.Column('n_seasons', sa.Integer(), nullable=False),
        sa.Column('rmse_t_ha', sa.Float(), nullable=False),
        sa.Column('loso_rmse_t_ha', sa.Float(), nullable=False),
        sa.Column('ec_iw_ds_m', sa.Float(), nullable=True),
        sa.Column('ec_iw_low_ds_m', sa.Float(), nullable=True),
        sa.Column('ec_iw_high_ds_m', sa.Float(), nullable=True),
        sa.Column('method', sa.String(length=200), nullable=False),
        sa.Column('records', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['field_id'], ['fields.id'],
                                name=op.f('fk_field_calibrations_field_id_fields')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_field_calibrations')),
    )
    with op.batch_alter_table('field_calibrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_calibrations_field_id'), ['field_id'],
                              unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('field_calibrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_calibrations_field_id'))
    op.drop_table('field_calibrations')
