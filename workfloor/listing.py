"""What every list page shares: the active/inactive filter and the search box."""
from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import Select, func, or_

STATUSES = ("active", "inactive", "all")


def list_args() -> tuple[str, str]:
    """The search text and the status filter of a list page, from the query string."""
    q = request.args.get("q", "").strip()[:100]
    status = request.args.get("status", "active")
    return q, status if status in STATUSES else "active"


def filter_status(query: Select, column: Any, status: str) -> Select:
    """Deactivated records stay out of a list unless the filter asks for them."""
    if status == "active":
        return query.where(column.is_(True))
    if status == "inactive":
        return query.where(column.is_(False))
    return query


def filter_search(query: Select, q: str, *columns: Any) -> Select:
    """Keep rows where any of `columns` contains every word of `q`, ignoring case."""
    for word in q.split():
        pattern = f"%{word.lower()}%"
        query = query.where(or_(*(func.lower(column).like(pattern) for column in columns)))
    return query
