"""meter_values.unit holds the 20 characters OCPP 2.x allows for unitOfMeasure.unit

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 17:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meter_values") as batch:
        batch.alter_column("unit", existing_type=sa.String(16), type_=sa.String(20))


def downgrade() -> None:
    with op.batch_alter_table("meter_values") as batch:
        batch.alter_column("unit", existing_type=sa.String(20), type_=sa.String(16))
