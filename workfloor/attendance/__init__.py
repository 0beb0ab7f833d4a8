from flask import Blueprint

bp = Blueprint("attendance", __name__, url_prefix="/attendance")

from workfloor.attendance import views  # noqa: E402,F401  (registers the routes)
