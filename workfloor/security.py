"""What every response carries for the browser's protection, and where a request comes from.

- Security headers through Flask-Talisman: a Content-Security-Policy that allows no inline script
  or style (pages hook their JS by data- attributes, see static/app/app.js), no framing, nosniff,
  a Referrer-Policy and a Permissions-Policy; in production also HTTPS only and HSTS.
- `Cache-Control: no-store` on whatever a logged-in user is shown, unless the view chose its own
  caching (the learner's pages the service worker keeps say `private, no-cache`).
- The client's address and scheme from `X-Forwarded-*` only for the PROXY_HOPS proxies we run
  behind (ProxyFix); with none configured, those headers are ignored, so nobody can pick the
  address the login throttle counts against.
"""
from __future__ import annotations

from flask import Flask, g, request
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # Pico's stylesheet draws its icons as data: SVGs
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Nothing in the app needs these; a script that slipped in gets none of them either.
PERMISSIONS_POLICY = {feature: "()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb",
    "browsing-topics")}
# Links to OpenStreetMap and tel: leave without the page's address (it can name a learner's file).
REFERRER_POLICY = "same-origin"


def install(app: Flask) -> None:
    """Trusted proxies, security headers and no-store for personal pages."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    production = app.config["WORKFLOOR_ENV"] == "production"
    if production and app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        app.logger.warning("The login throttle counts in memory: each gunicorn worker on its own. "
                           "Set REDIS_URL or RATELIMIT_STORAGE_URI to share the counts.")
    # One Talisman per app: it keeps its options on itself, and tests build apps of several kinds.
    app.extensions["talisman"] = Talisman(
        app,
        force_https=production,
        strict_transport_security=production,
        strict_transport_security_include_subdomains=False,  # other hosts of the city are not ours to bind
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        permissions_policy=PERMISSIONS_POLICY,
        referrer_policy=REFERRER_POLICY,
    )
    app.after_request(_personal_pages_not_stored)


def _personal_pages_not_stored(response):
    """A logged-in user's pages stay out of every cache (a shared computer's, a proxy's)."""
    if request.endpoint == "static" or "Cache-Control" in response.headers:
        return response
    # The user this request loaded, if any: asking current_user would reload an expired row after the
    # view's commit, one query more on every page for a header.
    user = g.get("_login_user")
    if user is not None and not user.is_anonymous:
        response.headers["Cache-Control"] = "no-store"
    return response
