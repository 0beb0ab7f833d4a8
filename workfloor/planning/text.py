"""Dutch text that also works outside a request (background solves, the command line)."""
from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext


def _(message: str, **values) -> str:
    """gettext in a request; outside one (a solve thread, a CLI command) the Dutch msgid itself."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message
