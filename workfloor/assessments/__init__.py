from flask import Blueprint

bp = Blueprint("assessments", __name__, url_prefix="/assessments")

from workfloor.assessments import views  # noqa: E402,F401  (registers the routes)
