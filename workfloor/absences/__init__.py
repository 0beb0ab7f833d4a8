from flask import Blueprint

bp = Blueprint("absences", __name__, url_prefix="/absences")

from workfloor.absences import views  # noqa: E402,F401  (registers the routes)
