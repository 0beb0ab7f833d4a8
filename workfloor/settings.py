"""Settings from the environment, with safe development defaults."""
import os
import secrets
from datetime import date, timedelta
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


def _whole_number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not 0 <= int(value) <= 100:
        raise ConfigError(f"{name} must be a whole number of years between 0 and 100, not {value!r}")
    return int(value)


def _development_secret_key() -> str:
    """A random key kept in instance/, so sessions survive a restart of `make run`."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _ratelimit_storage() -> str:
    """RATELIMIT_STORAGE_URI, else the app's Redis (REDIS_URL), else memory (one process only)."""
    return os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"


def _proxy_hops() -> int:
    value = os.environ.get("PROXY_HOPS", "0").strip() or "0"
    if not value.isascii() or not value.isdigit() or int(value) > 10:
        raise ConfigError(f"PROXY_HOPS must be the number of proxies in front of the app (0 to 10), not {value!r}")
    return int(value)
def _evaluation_months(value: str) -> tuple[int, ...]:
    """EVALUATION_MONTHS, e.g. "1,2,7,11,17,23": the months of the trajectory with an evaluation."""
    try:
        months = tuple(sorted({int(part) for part in value.split(",") if part.strip()}))
    except ValueError:
        months = ()
    if not months or any(month < 1 or month > 120 for month in months):
        raise ConfigError(f"EVALUATION_MONTHS must be whole months from 1 to 120, comma-separated, not {value!r}")
    return months


def _rights_days(value: str) -> tuple[tuple[int, int], ...]:
    """RIGHTS_DAYS, e.g. "0:312,36:468,50:624": from which age how many days a contract must give for rights."""
    try:
        bands = tuple(sorted((int(age), int(days)) for age, days in
                             (part.split(":") for part in value.split(",") if part.strip())))
    except ValueError:
        bands = ()
    if not bands or bands[0][0] != 0 or any(not 0 < days <= 2000 for _age, days in bands):
        raise ConfigError(f"RIGHTS_DAYS must be age:days pairs starting at age 0, e.g. 0:312,36:468, not {value!r}")
    return bands


def _pinned_today(value: str, production: bool) -> date | None:
    """WORKFLOOR_TODAY: a date that stands in for today, outside production only."""
    if not value:
        return None
    if production:
        raise ConfigError("WORKFLOOR_TODAY pins the date for tests and demos; production runs on the clock.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"WORKFLOOR_TODAY must be a date (YYYY-MM-DD), not {value!r}") from None


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
        # Failed logins per account and address together, and per address; failed password changes
        # per account. Redis keeps the counts shared between gunicorn workers; memory otherwise.
        "RATELIMIT_STORAGE_URI": _ratelimit_storage(),
        "LOGIN_ATTEMPTS": os.environ.get("LOGIN_ATTEMPTS", "5 per 15 minutes"),
        "LOGIN_ATTEMPTS_PER_ADDRESS": os.environ.get("LOGIN_ATTEMPTS_PER_ADDRESS", "30 per 15 minutes"),
        "PASSWORD_CHANGE_ATTEMPTS": os.environ.get("PASSWORD_CHANGE_ATTEMPTS", "5 per 15 minutes"),
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto; 0 trusts none.
        "PROXY_HOPS": _proxy_hops(),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Redis down must not take the logins down with it: the throttle then lets requests through
        # and logs each failure (the password rule still stands between a guesser and an account).
        "RATELIMIT_SWALLOW_ERRORS": True,
        # E-mail notices of changed days; nothing is sent while MAIL_SERVER is unset.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25") or 25),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "0") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "planning@workfloor.invalid"),
        # GDPR erasure: a learner's file is kept this many years after the contract ends (ask the city's
        # DPO what applies); within it, only pseudonymising is possible, and only when allowed here.
        "RETENTION_YEARS": _whole_number("RETENTION_YEARS", 5),
        "ERASURE_ALLOW_PSEUDONYMISATION": os.environ.get("ERASURE_ALLOW_PSEUDONYMISATION", "1") == "1",
        # The evaluation schedule (Antwerp's artikel-60 practice by default); the trajectory plans from it.
        "EVALUATION_OFFSETS_MONTHS": _evaluation_months(os.environ.get("EVALUATION_MONTHS", "1,2,7,11,17,23")),
        # Days of work a contract must give for the learner's social-security rights, per age band.
        "RIGHTS_DAYS_BY_AGE": _rights_days(os.environ.get("RIGHTS_DAYS", "0:312,36:468,50:624")),
        # Solves run on an RQ queue in this Redis (workers: ``flask worker``); unset: in a thread of the web process.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # The floor's date, pinned (YYYY-MM-DD): a test run sees one day from start to end, a demo can
        # show any week. Never in production, where the date is the clock's (workfloor/clock.py).
        "TODAY": _pinned_today(os.environ.get("WORKFLOOR_TODAY", ""), production),
    }
    if env == "test":
        # Cheap hashes keep hundreds of test logins fast; real deployments use scrypt.
        settings.update(TESTING=True, WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
                        MAIL_SERVER="",  # a test that mails starts its own local SMTP server
                        REDIS_URL="")  # a queue test sets its own (tests/app/test_planning_queue.py)
    return settings
