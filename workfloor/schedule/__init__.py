from flask import Blueprint

bp = Blueprint("schedule", __name__, url_prefix="/schedule")

from workfloor.schedule import views  # noqa: E402,F401  (registers the routes)
