"""generation jobs remember the idempotency key that created them

- `generation_job.idempotency_key`: the web form's hidden token or the API's `Idempotency-Key`
  header; a repeated request with the same key by the same owner finds the first job instead of
  queueing another (`uq_generation_job_idempotency_key`, which also settles concurrent repeats).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 22:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.create_unique_constraint(
            "uq_generation_job_idempotency_key", ["owner_id", "idempotency_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.drop_constraint("uq_generation_job_idempotency_key", type_="unique")
        batch_op.drop_column("idempotency_key")
