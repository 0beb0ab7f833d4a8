"""The migrations and the models describe the same schema."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from competencies import load_default_framework
from workfloor import create_app
from workfloor.extensions import db
from workfloor.models import Base

from tests.databases import empty_database


@pytest.fixture
def empty_database_url(tmp_path):
    with empty_database(tmp_path, "migrations") as url:
        yield url


def test_upgrade_gives_the_models_schema_and_downgrade_removes_it(empty_database_url):
    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        with db.engine.connect() as connection:
            seeded = connection.execute(text("SELECT count(*) FROM competency_item")).scalar()
        assert seeded == len(load_default_framework().items(include_retired=True))
        downgrade(revision="base")
        with db.engine.connect() as connection:
            remaining = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.engine.dispose()
