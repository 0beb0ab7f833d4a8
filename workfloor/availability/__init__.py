from flask import Blueprint

bp = Blueprint("availability", __name__, url_prefix="/availability")

from workfloor.availability import views  # noqa: E402,F401  (registers the routes)
