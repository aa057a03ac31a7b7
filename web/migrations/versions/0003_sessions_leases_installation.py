"""sessions, job leases and the installation row

- `user.session_generation`: sessions carry it; logout, a password change or disabling bumps it.
- `generation_job.lease` / `regeneration.lease`: only the run holding the lease may write.
- `installation`: one row with this database's identity (its job queue is named after it) and the
  moment first-run setup was won, so exactly one concurrent setup creates the first admin.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 20:30:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    installation = op.create_table(
        "installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("setup_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False)
        )
    for table in ("generation_job", "regeneration"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("lease", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
            )
    # An existing install that already has users has had its setup.
    has_users = op.get_bind().execute(sa.text('SELECT COUNT(*) FROM "user"')).scalar()
    op.bulk_insert(
        installation,
        [
            {
                "id": 1,
                "instance_id": uuid.uuid4().hex,
                "setup_at": None,
            }
        ],
    )
    if has_users:
        op.execute("UPDATE installation SET setup_at = CURRENT_TIMESTAMP WHERE id = 1")


def downgrade() -> None:
    for table in ("regeneration", "generation_job"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("lease")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("session_generation")
    op.drop_table("installation")
