"""Start pages per role and the language switch."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from workfloor.main import views  # noqa: E402,F401  (registers the routes)
