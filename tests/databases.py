"""Empty databases of the dialect under test, for tests that need their own (migrations, live server)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def empty_database(folder: Path, purpose: str) -> Iterator[str]:
    """Yield the URL of a new, empty database: an SQLite file in `folder`, or a fresh
    PostgreSQL database on the TEST_DATABASE_URL server, dropped afterwards."""
    url = make_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{folder / f'{purpose}.sqlite'}"
        return
    name = f"workfloor_{purpose}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
