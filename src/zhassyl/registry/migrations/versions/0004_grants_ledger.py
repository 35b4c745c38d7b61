"""The Fund's money: grants, budget lines, disbursements and subsidies received by farms.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('grants',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('donor', sa.String(length=160), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('purpose', sa.String(length=300), nullable=False),
    sa.Column('received_amount', sa.Float(), nullable=False),
    sa.Column('balance_amount', sa.Float(), nullable=False),
    sa.Column('balance_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grants'))
    )
    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ['grant_id'],
        ['grants.id'],
        name=op.f('fk_budget_lines_grant_id_grants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines')),
    sa.UniqueConstraint('grant_id', 'code', name=op.f('uq_budget_lines_grant_id'))
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_lines_grant_id'), ['grant_id'], unique=False)

    op.create_table('farm_subsidies',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('farm_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=160), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('amount_kzt', sa.Float(), nullable=False),
    sa.Column('share_pct', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ['farm_id'],
        ['farms.id'],
        name=op.f('fk_farm_subsidies_farm_id_farms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_farm_subsidies'))
    )
    with op.batch_alter_table('farm_subsidies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_farm_subsidies_farm_id'), ['farm_id'], unique=False)

    op.create_table('disbursements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('budget_line_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('activity', sa.String(length=200), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('payee', sa.String(length=160), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ['budget_line_id'],
        ['budget_lines.id'],
        name=op.f('fk_disbursements_budget_line_id_budget_lines')),
    sa.ForeignKeyConstraint(
        ['grant_id'],
        ['grants.id'],
        name=op.f('fk_disbursements_grant_id_grants')),
    sa.ForeignKeyConstraint(
        ['proposal_id'],
        ['proposals.id'],
        name=op.f('fk_disbursements_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disbursements'))
    )
    with op.batch_alter_table('disbursements', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_disbursements_budget_line_id'),
            ['budget_line_id'],
            unique=False)
        batch_op.create_index(batch_op.f('ix_disbursements_grant_id'), ['grant_id'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_disbursements_proposal_id'),
            ['proposal_id'],
            unique=False)



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('disbursements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disbursements_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_disbursements_grant_id'))
        batch_op.drop_index(batch_op.f('ix_disbursements_budget_line_id'))

    op.drop_table('disbursements')
    with op.batch_alter_table('farm_subsidies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_farm_subsidies_farm_id'))

    op.drop_table('farm_subsidies')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_lines_grant_id'))

    op.drop_table('budget_lines')
    op.drop_table('grants')
