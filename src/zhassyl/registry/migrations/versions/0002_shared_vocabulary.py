"""Shared vocabulary: seasons store the science's system ids.

``seasons.management_system`` took the registry's own spellings; the science
names the same practices by the ids of ``data/systems`` (see
:mod:`zhassyl.scenario.vocabulary`).  This renames the stored values:
``rice-flooded`` -> ``rice-flood``, ``alfalfa-green-cover`` ->
``green-cover-alfalfa``, ``alfalfa-grain-cover`` -> ``traditional-alfalfa``.
``monoculture`` and ``fallow`` stay (recorded practices that are not a
simulated system).  Soil textures already used the shared ids.  The audit log
is append-only and keeps the values as they were written.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

#: Old stored value -> shared id (kept here, not imported: a migration is frozen in time).
RENAMES = (
    ("rice-flooded", "rice-flood"),
    ("alfalfa-green-cover", "green-cover-alfalfa"),
    ("alfalfa-grain-cover", "traditional-alfalfa"),
)


def _rename(pairs) -> None:
    seasons = sa.table("seasons", sa.column("management_system", sa.String(30)))
    for old, new in pairs:
        op.execute(seasons.update().where(seasons.c.management_system == old)
                   .values(management_system=new))


def upgrade() -> None:
    """Apply this revision."""
    _rename(RENAMES)


def downgrade() -> None:
    """Revert this revision."""
    _rename([(new, old) for old, new in RENAMES])
