from flask import Blueprint

bp = Blueprint("vehicles", __name__, url_prefix="/vehicles")

from workfloor.vehicles import views  # noqa: E402,F401  (registers the routes)
