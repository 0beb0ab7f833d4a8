"""Solving in the background: a `SolveJob` row every web worker can read, a worker that runs the engine.

The request that starts a solve only creates the job and returns. An RQ worker (when
``REDIS_URL`` is set, see ``queue.py``), else a thread of this process (or, with
``PLANNING_SOLVE_SYNC`` as in tests, the request itself) runs :func:`run_job`: the
engine solves in a helper thread while this loop writes its progress to the row and
reads the row's ``stop_requested`` at most once per second.

Kinds: ``generate`` and ``replan`` solve a day (``job.day``); ``week`` solves Monday to
Friday of ``job.day``'s week in one model, ``week_replan`` the same week again from
``job.day`` on (the days before stay as they are). A week's result is stored in the
floors' drafts of each day, to be reviewed and published.
"""
from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

import scheduling
from workfloor.extensions import db
from workfloor.models import SolveJob, User, utcnow
from workfloor.planning import operations, queue
from workfloor.planning.adapter import POLISH_SHARE, PlanningData, PlanningWeek
from workfloor.planning.findings import Names, move_of, pin_conflict_of, reason_of, say_stored, week_reason_of
from workfloor.planning.problem import DayData, key
from workfloor.planning.text import (
    _, ngettext, person_first_names, result_lines, status_text, summary, unplaced_text,
)

DEFAULT_TIME_LIMIT = 20
TIME_LIMITS = (5, 10, 20, 30, 60)
PROGRESS_EVERY = 0.5  # seconds between progress writes
STOP_CHECK_EVERY = 1.0  # seconds between reads of stop_requested
STALE_AFTER = 90  # seconds past its time limit after which a running job counts as lost

_threads: dict[int, threading.Thread] = {}  # this process's running jobs, so tests can wait for them
WEEK_KINDS = ("week", "week_replan")


def week_token(monday: date, floor_ids: set[int]) -> str:
    """The floors' plans of the whole week, as a board token (a week solve stores only if none changed)."""
    from workfloor.planning.week import week_days
    return "|".join(operations.plan_token(d, floor_ids) for d in week_days(monday))


def start(day: date, floor_ids: set[int], user: User, *, kind: str = "generate",
          time_limit: int | None = None) -> SolveJob:
    """Create a queued job for this day and these floors (flushes; run it with :func:`launch`)."""
    if kind in WEEK_KINDS:
        from workfloor.planning.week import monday_of
        token = week_token(monday_of(day), set(floor_ids))
    else:
        token = operations.plan_token(day, set(floor_ids))
    job = SolveJob(day=day, floor_ids=sorted(floor_ids), kind=kind, status="queued",
                   time_limit=int(time_limit or current_app.config.get("PLANNING_TIME_LIMIT", DEFAULT_TIME_LIMIT)),
                   progress={}, plan_token=token, created_by_id=user.id)
    db.session.add(job)
    db.session.flush()
    return job


def launch(job_id: int) -> None:
    """Run the job: on the RQ queue when ``REDIS_URL`` is set, else in a background thread of this
    process, or right here when ``PLANNING_SOLVE_SYNC`` is set. Call it after the job's row is committed."""
    app = current_app._get_current_object()
    if queue.enabled(app):
        queue.enqueue(db.session.get(SolveJob, job_id))
        return
    if app.config.get("PLANNING_SOLVE_SYNC"):
        run_job(job_id)
        return

    def work() -> None:
        with app.app_context():
            try:
                run_job(job_id)
            finally:
                db.session.remove()
                _threads.pop(job_id, None)

    thread = threading.Thread(target=work, name=f"solve-job-{job_id}", daemon=True)
    _threads[job_id] = thread
    thread.start()


def wait(job_id: int, timeout: float = 60) -> None:
    """Wait for a job this process runs in a thread (tests, the command line)."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)


def store_result(job: SolveJob, data: DayData, plan: scheduling.Plan, user: User | None, kind: str,
                 said: tuple[str, dict], extra: dict | None = None) -> None:
    """Store a solved plan per floor, each into its draft (a published floor gets a draft revision).

    Absent people leave their crews first, pinned or not; the release is logged in the history.
    """
    line, details = said
    for floor_id in sorted(set(job.floor_ids)):
        scope = {a.id for a in data.assignments if a.floor_id == floor_id}
        existing = operations.current_plans(job.day, {floor_id})
        if not scope and floor_id not in existing:
            continue  # nothing planned and nothing to plan on this floor
        day_plan = operations.day_plan_for(job.day, floor_id, create=True, full=True)
        before = operations.snapshot(day_plan)
        released = operations.release_absent(day_plan, data.absences)
        operations.record_released(day_plan, user, released, before)
        before = operations.snapshot(day_plan)
        operations.store_plan(day_plan, plan, scope)
        operations.record_change(day_plan, user, kind, line, before,
                                 details={"job": job.id, "score": list(plan.score or ()), **details,
                                          **(extra or {})})
    operations.refresh_unplaced(job.day, data, set(job.floor_ids))


def run_job(job_id: int) -> None:
    """Solve the job's day and keep the result: a generated plan is stored, a replan waits for confirmation."""
    # Claim the job with one UPDATE before reading anything: a transaction that reads first and then
    # writes can deadlock on SQLite against a web request's write, and the claim also stops a double run.
    claimed = db.session.execute(
        update(SolveJob).where(SolveJob.id == job_id, SolveJob.status == "queued")
        .values(status="running", updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if not claimed:
        return
    job = db.session.get(SolveJob, job_id)
    if job.kind in WEEK_KINDS:
        run_week_job(job_id)
        return
    try:
        loaded = PlanningData.for_day(job.day, set(job.floor_ids))
        problem, data = loaded.problem, loaded.data
        plan = _solve(job, problem, pins=loaded.pins, previous=loaded.plan if job.kind == "replan" else None)
    except scheduling.NoPlanFound:  # neither a plan nor a proof in time: nothing stored, said in the reader's words
        db.session.rollback()
        job = db.session.get(SolveJob, job_id)
        job.status, job.error, job.finished_at = "failed", _(
            "Binnen de tijd is geen geldig plan gevonden, maar ook niet bewezen dat er geen bestaat. "
            "Geef de planner meer tijd."), utcnow()
        db.session.commit()
        return
    except Exception as error:  # the job must end, whatever went wrong; the log keeps the trace
        current_app.logger.exception("solve job %s failed", job_id)
        db.session.rollback()
        job = db.session.get(SolveJob, job_id)
        job.status, job.error, job.finished_at = "failed", _("De planning kon niet berekend worden: %(e)s",
                                                              e=str(error)), utcnow()
        db.session.commit()
        return
    job = db.session.get(SolveJob, job_id)
    job.result = {**scheduling.plan_to_json(plan), "summary": result_summary(problem, plan, data)}
    job.finished_at = utcnow()
    job.status = "done"
    try:
        if job.kind == "generate":
            if operations.plan_token(job.day, set(job.floor_ids)) != job.plan_token:
                job.status, job.error = "failed", changed_meanwhile()
            else:
                user = db.session.get(User, job.created_by_id) if job.created_by_id else None
                store_result(job, data, plan, user, "generated", summary("generated", status=plan.status))
        db.session.commit()
    except (IntegrityError, StaleDataError):  # someone saved these plans at the same moment: keep theirs
        db.session.rollback()
        job = db.session.get(SolveJob, job_id)
        job.status, job.error, job.finished_at = "failed", changed_meanwhile(), utcnow()
        job.result = scheduling.plan_to_json(plan)
        db.session.commit()


def run_week_job(job_id: int) -> None:
    """Solve a week (or replan it from ``job.day``) and store it in the floors' drafts of each day."""
    from workfloor.planning.week import monday_of
    from workfloor.planning.weekboard import week_figures
    job = db.session.get(SolveJob, job_id)
    # A replan, or a week generated once it has begun, solves from ``job.day`` on; the days before keep
    # their crews (and count for fairness and practice). A replan also keeps what it can of the rest.
    replan_from = job.day if job.kind == "week_replan" or job.day != monday_of(job.day) else None
    try:
        week = PlanningWeek(monday_of(job.day), set(job.floor_ids))
        problem, pins = week.problem, week.pins
        previous = week.plan if replan_from else None
        if previous is not None and job.kind == "week":
            previous = replace(previous, crews=tuple(c for c in previous.crews if c.day < replan_from.isoformat()))
        # End the read before the solve writes its progress: on SQLite a read transaction that later
        # writes deadlocks against a web request's write (the job would fail).
        db.session.rollback()
        plan = _solve(job, problem, pins=pins, previous=previous,
                      replan_from=replan_from.isoformat() if replan_from else None)
        # Stopped: keep the best found, polished by swaps and moves only (they take under a second).
        stopped = db.session.execute(select(SolveJob.stop_requested).where(SolveJob.id == job_id)).scalar()
        plan = week.polish(plan, previous=previous, replan_from=replan_from, pins=pins,
                           seconds=0.0 if stopped else POLISH_SHARE * job.time_limit)
    except scheduling.NoPlanFound:
        _fail(job_id, _("Binnen de tijd is geen geldig plan gevonden, maar ook niet bewezen dat er geen bestaat. "
                        "Geef de planner meer tijd."))
        return
    except Exception as error:  # the job must end, whatever went wrong; the log keeps the trace
        current_app.logger.exception("week solve job %s failed", job_id)
        _fail(job_id, _("De planning kon niet berekend worden: %(e)s", e=str(error)))
        return
    db.session.commit()
    # Take the write lock first (one UPDATE), then read and store in the same transaction (see above).
    db.session.execute(update(SolveJob).where(SolveJob.id == job_id).values(updated_at=utcnow())
                       .execution_options(synchronize_session=False))
    job = db.session.get(SolveJob, job_id)
    figures = week_figures(problem, plan)
    job.result = {**scheduling.plan_to_json(plan), "summary": {
        "week": True, "placed": figures.placed, "available": figures.available,
        "practising": figures.practising, "with_mentor": figures.with_mentor,
        "short_goals": len(figures.goal_shortfalls)}}
    job.finished_at, job.status = utcnow(), "done"
    try:
        if week_token(week.monday, set(job.floor_ids)) != job.plan_token:
            job.status, job.error = "failed", changed_meanwhile()
        else:
            user = db.session.get(User, job.created_by_id) if job.created_by_id else None
            if job.kind == "week_replan":
                said = summary("week_replanned", day=f"{replan_from.day}/{replan_from.month}", status=plan.status)
            elif replan_from:
                said = summary("week_generated_from", day=f"{replan_from.day}/{replan_from.month}", status=plan.status)
            else:
                said = summary("week_generated", status=plan.status)
            week.store(plan, user, "replanned" if job.kind == "week_replan" else "generated", said,
                       replan_from=replan_from, extra={"job": job.id})
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        _fail(job_id, changed_meanwhile())


def _fail(job_id: int, message: str) -> None:
    db.session.rollback()
    job = db.session.get(SolveJob, job_id)
    job.status, job.error, job.finished_at = "failed", message, utcnow()
    db.session.commit()


def changed_meanwhile() -> str:
    return _("Iemand heeft de planning gewijzigd terwijl de berekening liep; er is niets overschreven. "
             "Genereer opnieuw.")
FAILED = "De planning kon niet berekend worden: %(e)s"


def _solve(job: SolveJob, problem: scheduling.Problem, *, pins, previous,
           replan_from: str | None = None) -> scheduling.Plan:
    """Run the engine in a helper thread; meanwhile write progress and honour a stop request."""
    progress: dict = {}
    lock = threading.Lock()
    stop = threading.Event()
    outcome: dict = {}

    def on_progress(score, bound, elapsed) -> None:
        with lock:
            progress.update(score=list(score), bound=list(bound) if bound else None, elapsed=round(elapsed, 1))

    limit = job.time_limit  # read here: the ORM object must not be touched from the helper thread

    def solve() -> None:
        try:
            extra = {"replan_from": replan_from} if replan_from else {}
            outcome["plan"] = scheduling.solve(problem, time_limit=limit, pins=pins, previous=previous,
                                               on_progress=on_progress, stop=stop, **extra)
        except Exception as error:  # handed to the waiting thread
            outcome["error"] = error

    job_id = job.id
    db.session.commit()  # end the read of the job row: the loop below writes (see the progress UPDATE)
    worker = threading.Thread(target=solve, name=f"solve-{job_id}", daemon=True)
    started = time.monotonic()
    worker.start()
    written, checked, last = 0.0, 0.0, None
    while worker.is_alive():
        worker.join(0.1)
        now = time.monotonic()
        if now - written >= PROGRESS_EVERY:
            with lock:
                snapshot = dict(progress)
            snapshot["running"] = round(now - started, 1)
            if snapshot != last:
                # One UPDATE, no read first: on SQLite a read that turns into a write fails at once
                # when a web request is writing (the job would end as failed).
                db.session.execute(update(SolveJob).where(SolveJob.id == job_id)
                                   .values(progress=snapshot, updated_at=utcnow())
                                   .execution_options(synchronize_session=False))
                db.session.commit()
                last = snapshot
            written = now
        if now - checked >= STOP_CHECK_EVERY:
            if db.session.execute(select(SolveJob.stop_requested).where(SolveJob.id == job_id)).scalar():
                stop.set()
            db.session.commit()
            checked = now
    if "error" in outcome:
        raise outcome["error"]
    with lock:
        final = dict(progress)
    final["running"] = round(time.monotonic() - started, 1)
    db.session.get(SolveJob, job_id).progress = final
    return outcome["plan"]


def is_stale(job: SolveJob) -> bool:
    """A running job whose process went away: its row stopped moving long past its time limit, or
    (on the queue) RQ lost it (the worker died, or it ran out of time)."""
    if job.status not in ("queued", "running"):
        return False
    updated = job.updated_at if job.updated_at.tzinfo else job.updated_at.replace(tzinfo=utcnow().tzinfo)
    if utcnow() - updated > timedelta(seconds=job.time_limit + STALE_AFTER):
        return True
    created = job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=utcnow().tzinfo)
    return (queue.enabled() and utcnow() - created > timedelta(seconds=queue.GRACE_SECONDS)
            and queue.lost(job))


def running_on(day: date, floor_ids: set[int], kinds: tuple[str, ...] = ("generate",)) -> SolveJob | None:
    """A job of these kinds still running for that day on any of these floors (lost ones don't count)."""
    for job in db.session.execute(select(SolveJob).where(
            SolveJob.day == day, SolveJob.kind.in_(kinds), SolveJob.status.in_(("queued", "running")))
            .order_by(SolveJob.id.desc())).scalars():
        if set(job.floor_ids) & floor_ids and not is_stale(job):
            return job
    return None


def request_stop(job: SolveJob) -> None:
    """Ask the job to stop and keep its best plan so far."""
    job.stop_requested = True
    db.session.flush()


def score_nl(score) -> list[str]:
    """A score as a supervisor says it (no vector, no minus signs), in the reader's language."""
    if not score:
        return []
    if len(score) == 6:  # a week: placed, priority, fairness, goals, mentor, -vehicle_blocks
        placed, mentor, vehicles = score[0], score[4], score[5]
        return [ngettext("%(num)s dagdeel ingepland", "%(num)s dagdelen ingepland", placed),
                ngettext("%(num)s dagdeel met de vaste begeleider", "%(num)s dagdelen met de vaste begeleider",
                         mentor),
                ngettext("%(num)s wagenrit", "%(num)s wagenritten", abs(vehicles))]
    placed, _priority, learning, vehicles = (list(score) + [0, 0, 0, 0])[:4]
    return [ngettext("%(num)s dagdeel ingepland", "%(num)s dagdelen ingepland", placed),
            ngettext("%(num)s keer geoefend op een leerdoel", "%(num)s keer geoefend op een leerdoel", learning),
            ngettext("%(num)s wagenrit", "%(num)s wagenritten", abs(vehicles))]


def result_summary(problem: scheduling.Problem, plan: scheduling.Plan, data: DayData) -> dict:
    """What the result panel says, kept as data so each reader gets it in their language."""
    crews = [c for c in plan.crews if c.assignment in problem.assignment]
    persons = {key("learner", x.id): x.person_id for x in data.learners}
    findings = operations.unplaced_findings(problem, plan, persons)  # persons by id: named when read
    return {"placed": scheduling.LEVELS[0].value(problem, crews),
            "available": sum(len(x.free(d)) for x in problem.learners for d in problem.days),
            "learning": scheduling.LEVELS[2].value(problem, crews),
            "vans": len({u.vehicle for c in crews for u in c.vehicles}),
            "unplaced": findings, "assignments": {str(a.id): a.name for a in data.assignments}}


def summary_lines(summary: dict | None) -> list[str]:
    """The stored result summary in the reader's language."""
    if not summary:
        return []
    if summary.get("week"):
        return week_lines(summary)
    labels = {int(k): v for k, v in (summary.get("assignments") or {}).items()}
    findings = summary.get("unplaced") or []
    first_names = person_first_names([f.get("person") for f in findings])
    per_person: dict[str, list[str]] = {}
    for f in findings:
        name = first_names.get(f.get("person")) or f.get("name", "?")  # older results stored the name
        text = unplaced_text(f, name, labels)
        per_person.setdefault(name, [])
        if text not in per_person[name]:
            per_person[name].append(text)
    return result_lines(summary.get("placed", 0), summary.get("available", 0),
                        [(n, "; ".join(t)) for n, t in per_person.items()], summary.get("learning", 0),
                        summary.get("vans", 0))


def week_lines(summary: dict) -> list[str]:
    """A week solve's result as a supervisor talks about it."""
    placed = summary.get("placed", 0)
    out = [_("%(placed)s van %(available)s dagdelen ingepland.", placed=placed,
             available=summary.get("available", 0))]
    if placed:
        out.append(_("%(share)s%% van de ingeplande dagdelen oefent een leerdoel.",
                     share=round(100 * summary.get("practising", 0) / placed)))
        out.append(_("%(share)s%% van de ingeplande dagdelen met de vaste begeleider.",
                     share=round(100 * summary.get("with_mentor", 0) / placed)))
    short = summary.get("short_goals", 0)
    if short:
        out.append(ngettext("%(num)s leerdoel kwam te weinig aan bod: zie het weekoverzicht.",
                            "%(num)s leerdoelen kwamen te weinig aan bod: zie het weekoverzicht.", short))
    return out


def error_text(error: str | None) -> str:
    """A stored error (Dutch when a background thread wrote it) in the reader's language."""
    if not error:
        return ""
    prefix = FAILED.split("%(e)s")[0]
    if error.startswith(prefix):
        return _("De planning kon niet berekend worden: %(e)s", e=error[len(prefix):])
    return _(error)  # a fixed message is its own msgid


def status_json(job: SolveJob) -> dict:
    """What the board's progress panel shows."""
    status = "failed" if is_stale(job) else job.status
    out = {"id": job.id, "kind": job.kind, "status": status, "day": job.day.isoformat(),
           "time_limit": job.time_limit, "progress": job.progress or {}, "stop_requested": job.stop_requested,
           "score_nl": score_nl((job.progress or {}).get("score")),
           "error": error_text(job.error) or (_("De berekening is onderbroken.") if status == "failed" else "")}
    if job.result is not None:
        result = job.result
        names = Names()
        reasons = result.get("reasons") or result.get("explanation", [])  # older results: Dutch text
        out["result"] = {
            "status": result.get("status"), "status_nl": status_text(result.get("status")),
            "explanation": (say_stored(result["findings"], week_reason_of, names) if result.get("findings")
                            else say_stored(reasons, reason_of, names)),
            "pin_conflicts": say_stored(result.get("pin_conflicts", []), pin_conflict_of, names),
            "moves": say_stored(result.get("moves", []), move_of, names),
            "score_nl": summary_lines(result.get("summary")) or score_nl(result.get("score")),
        }
    return out
