"""Where solves run: on an RQ queue in Redis when ``REDIS_URL`` is set, else in a thread of this process.

With Redis, the web request only creates the ``SolveJob`` row and puts its id on the ``planning``
queue; a worker process (``flask --app workfloor worker``, or ``rq worker planning`` with the same
settings) picks it up, on this machine or another, and runs ``jobs.run_job`` exactly as the
in-process thread would: progress and the stop request go through the row, so any web worker can
show and stop it. Several workers solve several floors and weeks in parallel, and the web workers
never spend a core on the engine. A job whose worker died shows as failed: RQ moves it to its
failed registry (the work horse was lost), and ``lost`` reads that.
"""
from __future__ import annotations

import os

from flask import current_app, has_app_context

QUEUE_NAME = "planning"
GRACE_SECONDS = 30  # a job row this young may not be on the queue yet (enqueued right after the commit)
KEEP_SECONDS = 24 * 3600  # how long RQ remembers a finished or failed job


def enabled(app=None) -> bool:
    """Whether solves go to the RQ queue (``REDIS_URL`` set)."""
    return bool((app or current_app).config.get("REDIS_URL"))


def connection(app=None):
    from redis import Redis
    return Redis.from_url((app or current_app).config["REDIS_URL"])


def queue(app=None):
    from rq import Queue
    return Queue(QUEUE_NAME, connection=connection(app))


def rq_id(job) -> str:
    """The RQ id of a solve job row: its id and creation time, so two databases sharing a Redis never clash."""
    return f"workfloor-solve-{job.id}-{job.created_at.strftime('%Y%m%d%H%M%S%f')}"


def enqueue(job) -> None:
    """Put a solve job on the queue; RQ gives up on it well after its time limit (the engine stops itself)."""
    queue().enqueue(run_queued, job.id, job_id=rq_id(job), job_timeout=int(job.time_limit) + 300,
                    result_ttl=KEEP_SECONDS, failure_ttl=KEEP_SECONDS, description=f"solve job {job.id}")


def run_queued(job_id: int) -> None:
    """The queue's task: run the solve job in the worker's app (``flask worker``), or in one made here (``rq worker``)."""
    from workfloor.planning.jobs import run_job
    if has_app_context():
        run_job(job_id)
        return
    from workfloor import create_app
    from workfloor.extensions import db
    with create_app().app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


def lost(job) -> bool:
    """Did the queue lose this job: failed or stopped in RQ (its worker died, it ran out of time), or gone?"""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus
    try:
        state = Job.fetch(rq_id(job), connection=connection()).get_status(refresh=True)
    except NoSuchJobError:
        return True
    except Exception:  # Redis unreachable: the age of the row decides, as without a queue
        return False
    return state in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)


def work(burst: bool = False, *, simple: bool = False) -> bool:
    """Run a worker on the planning queue in this process (the ``worker`` command); ``burst``: until it is empty.

    A forked work horse must not share the parent's database connections: the pool is renewed in the child.
    """
    from rq import SimpleWorker, Worker
    from workfloor.extensions import db
    if not simple:
        engine = db.engine
        os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    worker_class = SimpleWorker if simple else Worker
    return worker_class([QUEUE_NAME], connection=connection()).work(burst=burst, with_scheduler=False)
