"""The migrations build exactly the models' schema, and go down and up again, on both databases."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import web.models  # noqa: F401  (registers the tables)
from web.db import make_engine
from web.migrate import alembic_config, upgrade


def _differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"render_as_batch": True})
        return compare_metadata(context, SQLModel.metadata)


def _downgrade(engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_migrations_match_the_models_and_reverse(database_url):
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert _differences(engine) == []
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, instance_id, setup_at FROM installation")).all()
        assert len(rows) == 1 and len(rows[0].instance_id) == 32 and rows[0].setup_at is None

        _downgrade(engine, "base")
        upgrade(engine, "0002")
        with engine.connect() as conn:
            conn.execute(
                text(
                    'INSERT INTO "user" (email, role, active, password_hash, created_at) '
                    "VALUES ('a@example.com', 'admin', true, 'x', CURRENT_TIMESTAMP)"
                )
            )
            conn.commit()
        upgrade(engine)  # an install that already has users has had its setup
        with engine.connect() as conn:
            setup_at = conn.execute(text("SELECT setup_at FROM installation")).scalar()
            generation = conn.execute(text('SELECT session_generation FROM "user"')).scalar()
        assert setup_at is not None and generation == 0
        assert _differences(engine) == []

        _downgrade(engine, "0003")  # 0004 (idempotency keys) goes down and up on its own
        with engine.connect() as conn:
            columns = conn.execute(text("SELECT * FROM generation_job")).keys()
        assert "idempotency_key" not in columns
        upgrade(engine)
        assert _differences(engine) == []

        _downgrade(engine, "0004")  # 0005 (accounts) goes down and up on its own
        with engine.connect() as conn:
            columns = conn.execute(text('SELECT * FROM "user"')).keys()
            tables = inspect(conn).get_table_names()
        assert "must_change_password" not in columns and "invitation" not in tables
        upgrade(engine)
        with engine.connect() as conn:  # the existing user need not change their password
            assert not conn.execute(text('SELECT must_change_password FROM "user"')).scalar()
        assert _differences(engine) == []
    finally:
        engine.dispose()
