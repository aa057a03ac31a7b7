"""The scorecard web service: a Flask app factory with one blueprint per area."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from web.config import WebSettings
from web.db import make_engine

csrf = CSRFProtect()


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app. `overrides` replaces settings (tests pass a database URL and instance path)."""
    overrides = dict(overrides or {})
    instance_path = Path(overrides.pop("instance_path", None) or Path.cwd() / "instance").resolve()
    app = Flask(__name__, instance_path=str(instance_path), instance_relative_config=True)
    base = WebSettings.from_env(instance_path)
    settings = base.model_copy(
        update={k: v for k, v in overrides.items() if k in WebSettings.model_fields}
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        # The cookie's signature expires with the session's absolute lifetime (web/auth/sessions).
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_max_hours),
        WTF_CSRF_TIME_LIMIT=None,
        TESTING=bool(overrides.get("testing", False)),
    )
    if settings.trusted_proxies:
        # Believe X-Forwarded-For/-Proto/-Host from that many proxies and no more, so
        # request.remote_addr is the client (login limits key on it) and cannot be forged.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    engine = make_engine(settings.database_url)
    if overrides.get("migrate", True):
        from web.migrate import upgrade

        upgrade(engine)
    from web.tasks import build_queue

    queue = build_queue(settings, engine, immediate=bool(overrides.get("immediate_queue", False)))
    app.extensions["scorecard"] = {"settings": settings, "engine": engine, "queue": queue}

    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the scorecard's field order; faster too
    csrf.init_app(app)
    _login(app)
    from web import security

    security.init_app(app)
    from web.api import bp as api_bp
    from web.auth import bp as auth_bp
    from web.candidates import bp as candidates_bp
    from web.review import bp as review_bp
    from web.scorecards import bp as scorecards_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(scorecards_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(candidates_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # bearer tokens only; the API never reads the session cookie

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    return app


def _login(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = "Log in to continue."
    manager.session_protection = "strong"

    # Checks the session's generation, idle time and age on every request (web/auth/sessions).
    from web.auth.sessions import session_user

    manager.user_loader(session_user)
