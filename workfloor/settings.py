"""Settings from the environment, with safe development defaults."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


class ConfigError(RuntimeError):
    """The environment does not describe a configuration we may run with."""


def _database_url(env: str) -> str:
    if env == "test":
        return os.environ.get("TEST_DATABASE_URL", "sqlite://")
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'workfloor.sqlite'}")
    # Heroku-style URLs name the dialect only; we talk to PostgreSQL through psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _development_secret_key() -> str:
    """A random key kept in instance/, so sessions survive a restart of `make run`."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(env: str | None = None) -> dict:
    """Build the settings for `env` (production, development or test)."""
    env = env or os.environ.get("WORKFLOOR_ENV", "development")
    if env not in ("production", "development", "test"):
        raise ConfigError(f"WORKFLOOR_ENV must be production, development or test, not {env!r}")
    production = env == "production"
    secret_key = os.environ.get("SECRET_KEY")
    if production and (not secret_key or len(secret_key) < 32):
        raise ConfigError("Production needs SECRET_KEY: a random string of at least 32 characters.")
    if not secret_key:
        secret_key = "test-only-secret" if env == "test" else _development_secret_key()

    settings = {
        "WORKFLOOR_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _database_url(env),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "1" if production else "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=10),
        "WTF_CSRF_TIME_LIMIT": None,  # a form left open over lunch still submits; the session bounds it
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
        "LANGUAGES": ("nl", "en"),
        # Failed logins per address and account; Redis in production keeps counts across workers.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_ATTEMPTS": os.environ.get("LOGIN_ATTEMPTS", "5 per 15 minutes"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # E-mail notices of changed days; nothing is sent while MAIL_SERVER is unset.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25") or 25),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "0") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "planning@workfloor.invalid"),
        # Solves run on an RQ queue in this Redis (workers: ``flask worker``); unset: in a thread of the web process.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
    }
    if env == "test":
        # Cheap hashes keep hundreds of test logins fast; real deployments use scrypt.
        settings.update(TESTING=True, WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
                        MAIL_SERVER="",  # a test that mails starts its own local SMTP server
                        REDIS_URL="")  # a queue test sets its own (tests/app/test_planning_queue.py)
    return settings
