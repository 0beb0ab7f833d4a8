from flask import Blueprint

bp = Blueprint("planning", __name__, url_prefix="/planning")

from workfloor.planning import views  # noqa: E402,F401  (registers the routes)
from workfloor.planning import week_views  # noqa: E402,F401  (the week board)
