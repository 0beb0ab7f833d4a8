"""The app shell a phone installs: manifest, favicon, service worker, and which pages it may keep.

Only the learner's own pages are kept for use without signal: a view marks its response
with `keep_offline`, and the service worker stores nothing else. The mark carries a key
of the account, so a phone that changes hands never shows the previous learner's week.
Logging out tells the browser to forget the stored pages (Clear-Site-Data).
"""
from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workfloor.access import public
from workfloor.offline import bp

OFFLINE_HEADER = "X-Workfloor-Offline"


def account_key(user_id: int) -> str:
    """A stable, unguessable key per account: the service worker compares it, never the id."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"offline:{user_id}".encode(), hashlib.sha256).hexdigest()[:24]


def keep_offline(response: Response) -> Response:
    """Mark a learner's own page as one the service worker may keep for use offline."""
    response.headers[OFFLINE_HEADER] = account_key(current_user.id)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _static_app(filename: str, mimetype: str | None = None, max_age: int | None = None) -> Response:
    # Small files, read whole: a streamed file stays open until the client closes the response.
    data = (Path(current_app.static_folder) / "app" / filename).read_bytes()
    response = Response(data, mimetype=mimetype)
    if max_age is not None:
        response.cache_control.public = True
        response.cache_control.max_age = max_age
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/favicon.ico")
@public
def favicon():
    return _static_app("favicon.ico", "image/vnd.microsoft.icon", max_age=86400)


@bp.route("/sw.js")
@public
def service_worker():
    """Served from the root so it may look after every page of the site (it keeps only marked ones)."""
    response = _static_app("sw.js", "text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manifest.webmanifest")
@public
def manifest():
    """What a phone needs to install the app: name, start page, colours and icons."""
    icons = [
        {"src": url_for("static", filename="app/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": url_for("static", filename="app/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": url_for("static", filename="app/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
         "purpose": "maskable"},
    ]
    body = {
        "name": _("workfloor: mijn planning"), "short_name": "workfloor",
        "description": _("Waar je werkt, wanneer en met wie."),
        "lang": "nl", "start_url": url_for("main.home"), "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1b5e20", "icons": icons,
    }
    response = current_app.response_class(current_app.json.dumps(body), mimetype="application/manifest+json")
    return response


@bp.after_app_request
def forget_on_logout(response: Response) -> Response:
    """Logging out wipes what the service worker kept, so the next user of the phone sees nothing of it."""
    from flask import request

    if request.endpoint == "auth.logout":
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
