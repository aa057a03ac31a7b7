"""Web fixtures: the app on a real SQLite file, and on PostgreSQL when a server is reachable."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from web import create_app, store
from web.context import extension
from web.db import session_scope

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "correct-horse-battery"


def _postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=2):
            return True
    except Exception:
        return False


PG_AVAILABLE = _postgres_available()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scorecard.sqlite3'}"
        return
    if not PG_AVAILABLE:
        pytest.skip("PostgreSQL is not reachable")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def app(database_url, tmp_path, monkeypatch):
    monkeypatch.delenv("SCORECARD_MODEL", raising=False)
    monkeypatch.setenv("SCORECARD_CACHE", str(tmp_path / "cache.sqlite3"))
    app = create_app(
        {
            "instance_path": tmp_path / "instance",
            "database_url": database_url,
            "testing": True,
            "immediate_queue": True,
        }
    )
    yield app
    app.extensions["scorecard"]["engine"].dispose()


@pytest.fixture
def queued_app(database_url, tmp_path, monkeypatch):
    """The app with a real (not immediate) queue, so jobs wait for a worker."""
    monkeypatch.delenv("SCORECARD_MODEL", raising=False)
    app = create_app(
        {"instance_path": tmp_path / "instance", "database_url": database_url, "testing": True}
    )
    yield app
    app.extensions["scorecard"]["engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def engine(app):
    return app.extensions["scorecard"]["engine"]


@pytest.fixture
def make_user(engine):
    def make(email: str, role: str = "recruiter", password: str = PASSWORD):
        with session_scope(engine) as session:
            return store.create_user(session, email=email, password=password, role=role)

    return make


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def login(client):
    def do_login(email: str, password: str = PASSWORD):
        page = client.get("/login")
        token = csrf_from(page.get_data(as_text=True))
        return client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )

    return do_login


@pytest.fixture
def api_token(client, make_user):
    def token_for(email: str, role: str = "recruiter") -> str:
        make_user(email, role)
        response = client.post("/api/tokens", json={"email": email, "password": PASSWORD})
        assert response.status_code == 201
        return response.get_json()["token"]

    return token_for


__all__ = ["PASSWORD", "csrf_from", "extension"]
