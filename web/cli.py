"""The `scorecard` command: the generator's commands plus the service's (users, serve, worker, db)."""

from __future__ import annotations

import logging
import os
import sys

import click

from generator.cli import generate, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Turn job descriptions into interview scorecards; run the scorecard service."""


main.add_command(generate)
main.add_command(validate)


@main.group()
def users() -> None:
    """Manage accounts in the service's database."""


@users.command("add")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["admin", "recruiter", "hiring_manager", "interviewer"]),
    required=True,
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_add(email: str, role: str, password_stdin: bool) -> None:
    """Create an account (against DATABASE_URL, or the instance SQLite the service uses)."""
    from web import create_app, store
    from web.db import session_scope

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    app = create_app()
    try:
        with session_scope(app.extensions["scorecard"]["engine"]) as session:
            user = store.create_user(session, email=email, password=password, role=role)
            store.audit(
                session,
                user=None,
                action="user.create_cli",
                object_type="user",
                object_id=user.id,
                detail=role,
            )
    except store.StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"Created {email.lower()} ({role}).")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", 5000)),
    show_default="PORT or 5000",
)
@click.option(
    "--processes",
    type=int,
    default=lambda: 2 * (os.cpu_count() or 1) + 1,
    show_default="2 x CPUs + 1",
)
@click.option(
    "--threads",
    type=int,
    default=1,
    show_default=True,
    help="Threads per process (1: gunicorn sync workers).",
)
@click.option(
    "--server",
    type=click.Choice(["gunicorn", "waitress"]),
    default="gunicorn" if os.name == "posix" else "waitress",
    show_default=True,
)
@click.option(
    "--log-file",
    default=lambda: os.environ.get("SCORECARD_LOG_FILE", "instance/scorecard.log"),
    show_default="SCORECARD_LOG_FILE or instance/scorecard.log",
    help="Where the server and its worker log; '-' for standard error.",
)
def serve(host: str, port: int, processes: int, threads: int, server: str, log_file: str) -> None:
    """Serve the web app (gunicorn, or waitress), with a supervised background worker alongside."""
    from web.supervisor import WorkerSupervisor

    os.environ["SCORECARD_LOG_FILE"] = log_file  # the worker process logs to the same place
    _logging(log_file)
    app = _app_or_exit()  # migrates the database once, before any worker starts
    supervisor = None
    settings = app.extensions["scorecard"]["settings"]
    if settings.embedded_worker:
        supervisor = WorkerSupervisor(settings.instance_path / "worker.pid")
        supervisor.start()
    engine = os.environ.get("SCORECARD_MODEL") or "offline"
    log_place = "standard error" if log_file == "-" else os.path.abspath(log_file)
    click.echo(
        f"Scorecard is running: open http://{host}:{port}  (engine: {engine})\n"
        f"  data:  {settings.instance_path} ({_database_kind(settings.database_url)})\n"
        f"  log:   {log_place}\n"
        "  stop:  press Ctrl+C"
    )
    try:
        if server == "waitress":
            import signal

            import waitress

            # waitress leaves SIGTERM to the OS; exit through `finally` so the worker stops too
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

            waitress.serve(
                app, host=host, port=port, threads=processes * threads, ident="scorecard"
            )
        else:
            _gunicorn(host, port, processes, threads, log_file)
    finally:
        if supervisor is not None:
            supervisor.stop()


def _database_kind(url: str) -> str:
    return "SQLite database" if url.startswith("sqlite") else "database at DATABASE_URL"


def _gunicorn(host: str, port: int, processes: int, threads: int, log_file: str = "-") -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {
                "bind": f"{host}:{port}",
                "workers": processes,
                "threads": threads,
                "worker_class": "gthread" if threads > 1 else "sync",
                "timeout": 60,
                "graceful_timeout": 20,
                "accesslog": None,
                "errorlog": log_file,
                "proc_name": "scorecard",
                # gunicorn's ceiling (higher values are clamped to it; 0 would be unbounded), so
                # a long address reaches the app, which answers 414 past web.hardening.MAX_URI.
                "limit_request_line": 8190,
                "limit_request_field_size": 16384,  # large cookies and bearer tokens
            }.items():
                self.cfg.set(key, value)

        def load(self):  # type: ignore[no-untyped-def]
            from web import create_app

            return create_app({"migrate": False})

    Server().run()


@main.command()
@click.option("--workers", type=int, default=2, show_default=True)
def worker(workers: int) -> None:
    """Run a standalone background worker (use with REDIS_URL and PostgreSQL to scale out)."""
    from web.worker import run_standalone

    _logging(os.environ.get("SCORECARD_LOG_FILE", "-"))
    run_standalone(_app_or_exit().extensions["scorecard"]["queue"], workers=workers)


def _logging(log_file: str = "-") -> None:
    """Log to a file (or '-', standard error); Python's warnings go there too, not to the terminal."""
    filename = None
    if log_file != "-":
        os.makedirs(os.path.dirname(os.path.abspath(log_file)), exist_ok=True)
        filename = log_file
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        filename=filename,
    )
    logging.captureWarnings(True)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _app_or_exit():  # type: ignore[no-untyped-def]
    """The app, or exit 2 with one line when its database or queue cannot be reached."""
    from redis.exceptions import RedisError
    from sqlalchemy.exc import SQLAlchemyError

    from web import create_app

    try:
        return create_app()
    except (SQLAlchemyError, RedisError, OSError, RuntimeError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        click.echo(
            f"error: cannot start: {reason[0] if reason else type(exc).__name__}. "
            "Check DATABASE_URL (and REDIS_URL) and that the server is running.",
            err=True,
        )
        sys.exit(2)


@main.command("db-upgrade")
def db_upgrade() -> None:
    """Apply database migrations (the service also does this at start)."""
    _app_or_exit()
    click.echo("Database is up to date.")


if __name__ == "__main__":
    main()
