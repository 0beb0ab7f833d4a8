from flask import Blueprint

bp = Blueprint("supervisors", __name__, url_prefix="/supervisors")

from workfloor.supervisors import views  # noqa: E402,F401  (registers the routes)
