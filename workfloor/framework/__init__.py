from flask import Blueprint

bp = Blueprint("framework", __name__, url_prefix="/framework")

from workfloor.framework import views  # noqa: E402,F401  (registers the routes)
