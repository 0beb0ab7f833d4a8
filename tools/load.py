"""Load test: the learner's "Mijn planning" and calendar feed under wrk, against gunicorn on PostgreSQL.

    python tools/load.py [--database URL] [--duration 5] [--rounds 3] [--connections 16] [--workers 2] [--threads 8]
    make load

Sets up the database once (migrations, demo data, published plans for the coming working days, a
calendar link for the demo learner), starts gunicorn in production mode, logs the demo learner in,
then runs wrk on a static file, on Mijn planning and on the feed, and prints requests per second,
errors and each page's ratio to the static file measured in the same run (the ratio says more than
the absolute figure on a machine shared with other work). Needs wrk (Debian: apt-get install wrk).
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import statistics
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/workfloor_load"
LEARNER = "leerwerknemer@demo.workfloor.be"
PASSWORD = "werkvloer-demo"
MIN_RATE = 300  # requests per second the learner's pages must reach (issue 14)
# The login session is bound to the browser (Flask-Login's strong session protection): wrk must say it is
# the same client that logged in, or every request is sent to the login page (a 302 wrk counts as fine).
USER_AGENT = "workfloor-load"
# In production the app sends plain HTTP to HTTPS; here wrk plays the TLS proxy in front of it (PROXY_HOPS=1).
FORWARDED = ("X-Forwarded-Proto", "https")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def flask(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "workfloor", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=check)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database when it does not exist yet."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                    {"n": parsed.database}).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def working_days(today: date, count: int = 6) -> list[date]:
    days, day = [], today
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def prepare(env: dict[str, str]) -> str:
    """Migrate, load demo data, publish plans for the coming working days; returns the feed token."""
    say("database: migrate, demo data, plans …")
    flask(env, "db", "upgrade")
    flask(env, "demo-data", "--if-empty")
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from workfloor import clock, create_app
    from workfloor.extensions import db
    from workfloor.models import DayPlan, Learner, User
    from workfloor.schedule.operations import renew_calendar_token

    app = create_app({"WORKFLOOR_ENV": "development", "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with app.app_context():
        published = set(db.session.execute(select(DayPlan.day).where(DayPlan.status == "published")).scalars())
        missing = [d for d in working_days(clock.today()) if d not in published]
        for day in missing:
            result = flask(env, "plan", "--date", day.isoformat(), "--publish", "--time-limit", "5", check=False)
            say(f"  plan {day}: {(result.stdout or result.stderr).strip().splitlines()[-1:]}")
        user = db.session.execute(select(User).where(User.email == LEARNER)).scalar_one()
        learner = db.session.execute(select(Learner).where(Learner.person_id == user.person_id)).scalar_one()
        token = learner.calendar_token or renew_calendar_token(learner)
        db.session.commit()
        db.engine.dispose()
    return token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    concurrency = ["--threads", str(threads)] if threads > 1 else []  # gthread: waits on the database overlap
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), *concurrency, "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "workfloor:create_app()"], cwd=ROOT, env=env, start_new_session=True)
    for _ in range(150):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/login", headers=dict([FORWARDED]))
            urllib.request.urlopen(request, timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not answer within 30 s")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def login(base: str) -> str:
    """Log the demo learner in through the login form; returns the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT), FORWARDED]
    page = opener.open(f"{base}/login").read().decode()
    fields = dict(re.findall(r'name="(csrf_token|form_token)"[^>]*value="([^"]*)"', page))
    data = urllib.parse.urlencode({"email": LEARNER, "password": PASSWORD, **fields}).encode()
    # Over HTTPS (as the proxy header says) Flask-WTF wants the form posted from this site.
    referer = base.replace("http://", "https://", 1) + "/login"
    opener.open(urllib.request.Request(f"{base}/login", data=data, headers={"Referer": referer})).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    check(f"{base}/schedule/", cookie, "Mijn planning")
    return cookie


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(url: str, cookie: str | None, expected: str) -> None:
    """The page answers 200 with its content to exactly what wrk sends (no redirect to the login)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, FORWARDED[0]: FORWARDED[1],
                                                   **({"Cookie": cookie} if cookie else {})})
    try:
        with urllib.request.build_opener(NoRedirect).open(request) as response:
            body = response.read().decode()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url} answered {error.code}, not the page") from None
    if expected not in body:
        raise SystemExit(f"{url} does not show {expected!r}")


def wrk(url: str, duration: int, connections: int, cookie: str | None = None) -> dict[str, float]:
    args = ["wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{duration}s",
            "--header", f"User-Agent: {USER_AGENT}", "--header", f"{FORWARDED[0]}: {FORWARDED[1]}", url]
    if cookie:
        args[1:1] = ["--header", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in sockets.groups()) if sockets else 0)
    latency = re.search(r"Latency\s+(\S+)", out).group(1)
    return {"rate": rate, "errors": errors, "latency": latency}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per target, alternating; the median counts")
    parser.add_argument("--warmup", type=int, default=8, help="seconds of unmeasured load per target first")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (more than 1: gthread workers, "
                        "which keep connections alive and overlap waits on the database)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        say("wrk is not installed (Debian: apt-get install wrk)")
        return 2
    if not args.database.startswith("postgresql"):
        say("the load test runs on PostgreSQL: pass --database postgresql+psycopg://…")
        return 2
    ensure_database(args.database)
    env = {**os.environ, "DATABASE_URL": args.database, "WORKFLOOR_ENV": "development", "PYTHONPATH": str(ROOT)}
    token = prepare(env)
    serve_env = {**env, "WORKFLOOR_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "PROXY_HOPS": "1",
                 "SESSION_COOKIE_SECURE": "0"}  # wrk talks plain HTTP to 127.0.0.1
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(serve_env, port, args.workers, args.threads)
    try:
        cookie = login(base)
        check(f"{base}/schedule/feed/{token}.ics", None, "BEGIN:VCALENDAR")
        targets = [("static file (workfloor.css)", f"{base}/static/workfloor.css", None),
                   ("Mijn planning", f"{base}/schedule/", cookie),
                   ("calendar feed", f"{base}/schedule/feed/{token}.ics", None)]
        for _label, url, with_cookie in targets:  # every worker's first request builds and imports: not measured
            wrk(url, args.warmup, args.connections, with_cookie)
        # Rounds that alternate the targets, and the median of each: other work on the machine then
        # weighs on every target alike, so the ratios hold even when the absolute figures move.
        rounds: dict[str, list[dict[str, float]]] = {label: [] for label, _url, _cookie in targets}
        for _ in range(args.rounds):
            for label, url, with_cookie in targets:
                rounds[label].append(wrk(url, args.duration, args.connections, with_cookie))
        results = [(label, {"rate": statistics.median(r["rate"] for r in runs),
                            "errors": sum(r["errors"] for r in runs),
                            "latency": "/".join(r["latency"] for r in runs),
                            "rates": [r["rate"] for r in runs]})
                   for label, runs in rounds.items()]
        check(f"{base}/schedule/", cookie, "Mijn planning")  # still logged in: every request was the page
    finally:
        stop(server)
    static = results[0][1]["rate"]
    print(f"gunicorn {args.workers} workers × {args.threads} threads on {os.cpu_count()} cores, "
          f"wrk 2 threads {args.connections} connections, {args.rounds} alternating rounds of {args.duration} s, "
          "PostgreSQL")
    print(f"{'target':<30}{'req/s (median)':>15}{'errors':>8}{'ratio to static':>17}   rounds")
    ok = True
    for label, result in results:
        ratio = result["rate"] / static if static else 0.0
        each = " ".join(f"{r:.0f}" for r in result["rates"])
        print(f"{label:<30}{result['rate']:>15.0f}{result['errors']:>8}{ratio:>17.2f}   {each}")
        if label != results[0][0]:
            ok &= result["rate"] >= MIN_RATE and result["errors"] == 0
        else:
            ok &= result["errors"] == 0
    print(f"goal: at least {MIN_RATE} req/s with 0 errors for Mijn planning and the feed: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
