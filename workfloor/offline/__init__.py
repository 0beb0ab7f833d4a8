"""The installable app: web manifest, icons, the service worker that keeps a learner's schedule offline."""
from flask import Blueprint

bp = Blueprint("offline", __name__)

from workfloor.offline import views  # noqa: E402,F401  (registers the routes)
