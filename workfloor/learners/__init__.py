from flask import Blueprint

bp = Blueprint("learners", __name__, url_prefix="/learners")

from workfloor.learners import views  # noqa: E402,F401  (registers the routes)
