"""Creating, changing and deactivating sites."""
from __future__ import annotations

from sqlalchemy import func, select

from workfloor.extensions import db
from workfloor.models import Site


def site_name_taken(name: str, *, except_site_id: int | None = None) -> bool:
    """Is this name (ignoring case and surrounding spaces) already used by another site?"""
    query = select(Site.id).where(func.lower(Site.name) == name.strip().lower())
    if except_site_id is not None:
        query = query.where(Site.id != except_site_id)
    return db.session.execute(query).first() is not None


def save_site(site: Site, *, name: str, address: str, travel_minutes: int, notes: str) -> Site:
    """Store the site's fields (new or existing) and flush."""
    site.name = name.strip()
    site.address = (address or "").strip()
    site.travel_minutes = travel_minutes
    site.notes = (notes or "").strip()
    db.session.add(site)
    db.session.flush()
    return site


def set_site_active(site: Site, active: bool) -> None:
    """Deactivate or reactivate a site; assignments that used it keep it."""
    site.active = active
    db.session.flush()
