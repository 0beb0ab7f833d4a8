from flask import Blueprint

bp = Blueprint("sites", __name__, url_prefix="/sites")

from workfloor.sites import views  # noqa: E402,F401  (registers the routes)
