from flask import Blueprint

bp = Blueprint("goals", __name__, url_prefix="/goals")

from workfloor.goals import views  # noqa: E402,F401  (registers the routes)
