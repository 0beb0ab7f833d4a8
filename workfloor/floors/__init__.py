from flask import Blueprint

bp = Blueprint("floors", __name__, url_prefix="/floors")

from workfloor.floors import views  # noqa: E402,F401  (registers the routes)
