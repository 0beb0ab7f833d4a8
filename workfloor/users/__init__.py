from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/users")

from workfloor.users import views  # noqa: E402,F401  (registers the routes)
