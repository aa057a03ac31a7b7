"""First-run setup under concurrency: however many submit at once, exactly one admin is created."""

from __future__ import annotations

import threading

from sqlalchemy import text

from tests.web.conftest import PASSWORD, csrf_from
from web import store
from web.db import session_scope

RACERS = 10


def _setup_form(client, email: str, password: str = PASSWORD) -> dict[str, str]:
    token = csrf_from(client.get("/setup").get_data(as_text=True))
    return {"email": email, "password": password, "confirm": password, "csrf_token": token}


def test_concurrent_setups_create_exactly_one_admin(app, engine):
    clients = [app.test_client() for _ in range(RACERS)]
    forms = [_setup_form(c, f"admin{n}@example.com") for n, c in enumerate(clients)]
    start = threading.Barrier(RACERS)
    answers: list[tuple[int, str]] = []
    failures: list[BaseException] = []

    def race(client, form) -> None:
        try:
            start.wait()
            response = client.post("/setup", data=form)
            answers.append((response.status_code, response.headers.get("Location", "")))
        except BaseException as exc:  # reported below: a thread's exception would be lost
            failures.append(exc)

    threads = [
        threading.Thread(target=race, args=pair) for pair in zip(clients, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures and len(answers) == RACERS
    winners = [a for a in answers if a == (302, "/scorecards/new")]
    losers = [a for a in answers if a != (302, "/scorecards/new")]
    assert len(winners) == 1
    assert all(status == 404 or location == "/login" for status, location in losers), losers
    with engine.connect() as conn:
        admins = conn.execute(text("SELECT COUNT(*) FROM \"user\" WHERE role = 'admin'")).scalar()
        setup_at = conn.execute(text("SELECT setup_at FROM installation WHERE id = 1")).scalar()
    assert admins == 1 and setup_at is not None


def test_a_refused_setup_leaves_setup_open(client, engine):
    weak = client.post("/setup", data=_setup_form(client, "admin@example.com", "password12"))
    assert weak.status_code == 422
    done = client.post("/setup", data=_setup_form(client, "admin@example.com"))
    assert done.status_code == 302 and done.headers["Location"] == "/scorecards/new"
    assert client.get("/setup").status_code == 404


def test_setup_is_closed_once_the_cli_made_a_user(client, make_user):
    make_user("admin@example.com", "admin")
    assert client.get("/setup").status_code == 404


def test_setup_can_be_claimed_once(engine, make_user):
    with session_scope(engine) as session:
        assert store.accounts.claim_setup(session)
    with session_scope(engine) as session:
        assert not store.accounts.claim_setup(session)


def test_setup_cannot_be_claimed_after_the_cli_made_a_user(engine, make_user):
    make_user("admin@example.com", "admin")
    with session_scope(engine) as session:
        assert not store.accounts.claim_setup(session)
