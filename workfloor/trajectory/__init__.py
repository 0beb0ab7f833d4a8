"""The trajectory file: evaluation meetings with agreements, contacts, obstacles, the outcome, the city's report."""
from flask import Blueprint

from workfloor import audit
from workfloor.models import (
    Agreement, ContactEntry, EvaluationMeeting, JobApplication, Obstacle, PhaseChange, TrajectoryContract,
    TrajectoryOutcome,
)

bp = Blueprint("trajectory", __name__, url_prefix="/trajectory")

# Every change to these rows lands in the learner's audit log, like the rest of the file.
for _model in (EvaluationMeeting, Agreement, ContactEntry, Obstacle, TrajectoryOutcome, TrajectoryContract,
               PhaseChange, JobApplication):
    audit.register_owner(_model, lambda connection, row: row.learner_id)

from workfloor.trajectory import views, views_contacts, views_jobs, views_obstacles, views_report  # noqa: E402,F401  (registers the routes)
