"""transactions.token_status holds "NotAtThisLocation" (17 characters)

A start refused by a charge group or a private network was an InternalError on PostgreSQL:
the status did not fit the 16 characters of the column.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("transactions") as batch:
        batch.alter_column("token_status", existing_type=sa.String(16), type_=sa.String(20))


def downgrade() -> None:
    with op.batch_alter_table("transactions") as batch:
        batch.alter_column("token_status", existing_type=sa.String(20), type_=sa.String(16))
