"""workfloor: planning and competency tracking for leerwerkplaatsen."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g, has_request_context, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from workfloor import settings
from workfloor.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent


def select_locale() -> str:
    """The user's language: their account setting, else the session, else Dutch (also outside requests)."""
    if not has_request_context():
        return "nl"
    if current_user and current_user.is_authenticated:
        return current_user.locale
    return session.get("locale", "nl")


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides the settings read from the environment."""
    env = (config or {}).get("WORKFLOOR_ENV")
    app = Flask(__name__, template_folder=str(ROOT.parent / "templates"),
                instance_path=str(settings.INSTANCE_DIR))
    app.config.update(settings.load(env))
    app.config.update(config or {})

    db.init_app(app)
    with app.app_context():
        _configure_sqlite(db.engine)
        from workfloor.database import configure_postgresql
        configure_postgresql(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "translations"))
    limiter.init_app(app)
    _configure_login()
    _install_audit()

    from workfloor import security
    security.install(app)

    from workfloor import edge
    edge.register(app)  # before the blueprints: their <int:...> ids use its bounded converter
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_template_helpers(app)

    from workfloor import cli
    cli.register(app)
    return app


def _configure_sqlite(engine) -> None:
    """Make SQLite behave like PostgreSQL where it matters: foreign keys and savepoints."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, record) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN, so SAVEPOINT works
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        # A solve job's thread and the web requests share the file: wait for the other writer, don't fail.
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        # IMMEDIATE: take the write lock up front. A transaction that reads and then writes while another
        # connection writes would otherwise fail at once with "database is locked" (SQLite cannot wait
        # for a lock upgrade); this way it waits its turn (busy_timeout), like a row lock on PostgreSQL.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _configure_login() -> None:
    from workfloor.auth import sessions
    from workfloor.auth.operations import USER_LOADERS
    from workfloor.edge import ID_MAX
    from workfloor.models import User, session_digest

    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page itself says what to do
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(login_id: str) -> User | None:
        """The session's user while the account is active and the session's token is still its token."""
        user_id, _, token = login_id.partition(":")
        if not (user_id.isascii() and user_id.isdigit() and token) or int(user_id) > ID_MAX:
            return None
        digest = session_digest(token)
        loader = USER_LOADERS.get(request.endpoint) if has_request_context() else None
        user = loader(int(user_id), digest) if loader else sessions.account(int(user_id), digest)
        if user is None or not user.is_active:
            return None
        user.session_token = token
        return user


def _install_audit() -> None:
    from workfloor import audit
    audit.install()


# One sub-package per feature, each with a blueprint `bp` in its __init__.py.
FEATURES = ("auth", "main", "offline", "floors", "sites", "vehicles", "users", "supervisors", "learners",
            "assignments", "absences", "availability", "framework", "assessments", "goals", "attendance",
            "progress", "planning", "schedule", "privacy", "trajectory")


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for feature in FEATURES:
        app.register_blueprint(import_module(f"workfloor.{feature}").bp)


def _register_error_handlers(app: Flask) -> None:
    def render_error(code: int):
        def handler(error: Exception):
            return render_template("errors/error.html", code=code), code
        return handler

    for code in (403, 404, 405, 409, 429):  # 400 and 500 roll back first: workfloor.edge
        app.register_error_handler(code, render_error(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/error.html", code=400, csrf=True), 400


def _register_template_helpers(app: Flask) -> None:
    from workfloor import vocabulary
    from workfloor.navigation import navigation

    from flask_babel import format_date

    def has_endpoint(endpoint: str) -> bool:
        return endpoint in app.view_functions

    @app.context_processor
    def inject() -> dict:
        return {"vocabulary": vocabulary, "Role": vocabulary.Role, "navigation": navigation,
                "has_endpoint": has_endpoint}

    @app.template_filter("date")
    def date_filter(value, style: str = "medium") -> str:
        """A date in the reader's language: 7 dec. 2026, or `short_day`: ma 7/12."""
        if value is None:
            return "—"
        if style == "short_day":
            return f"{vocabulary.WEEKDAY_SHORT[value.weekday()]} {value.day}/{value.month}"
        if style == "long_day":
            return format_date(value, "EEEE d MMMM yyyy")
        return format_date(value, style)

    @app.before_request
    def set_locale() -> None:
        g.locale = select_locale()
