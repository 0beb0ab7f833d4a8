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


def test_english_level_texts_arrive_in_a_database_that_had_english_without_them(empty_database_url):
    """A database at 0004_i10 got the English names before en.toml had level texts: 0006_h10t fills them,
    keeping what a coordinator wrote and skipping levels whose Dutch anchor the coordinator changed."""
    import sqlalchemy as sa

    from competencies import load_english_texts

    items = sa.table("competency_item", sa.column("id", sa.String), sa.column("group", sa.String),
                     sa.column("name", sa.String), sa.column("level_descriptions", sa.JSON),
                     sa.column("level_descriptions_en", sa.JSON), sa.column("version", sa.Integer))
    shipped = {item.id: item for item in load_default_framework().items(include_retired=True)}
    english = {item_id: list(texts.level_descriptions) for item_id, texts in load_english_texts()[1].items()}
    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0004_i10")
        with db.engine.begin() as connection:
            connection.execute(items.update().values(level_descriptions_en=[]))  # as 0004_i10 left them
            reworded = list(shipped["attitude.teamwork"].level_descriptions)
            reworded[1] = "Werkt samen als de begeleider de taken verdeelt."
            connection.execute(items.update().where(items.c.id == "attitude.teamwork")
                               .values(level_descriptions=reworded))
            connection.execute(items.update().where(items.c.id == "green.mowing")
                               .values(level_descriptions_en=["Leaves strips.", "", "", ""]))
            connection.execute(items.insert().values(id="green.composting", group="green", name="Composteren",
                                                     level_descriptions=["a", "b", "c", "d"],
                                                     level_descriptions_en=[], version=1))
        upgrade()
        downgrade(revision="0004_i10")  # a data migration: going back keeps the texts
        with db.engine.connect() as connection:
            rows = {row.id: row for row in connection.execute(sa.select(items))}
        db.engine.dispose()
    assert rows["attitude.punctuality"].level_descriptions_en == english["attitude.punctuality"]
    assert rows["attitude.punctuality"].version == 2
    assert rows["attitude.teamwork"].level_descriptions_en == [
        english["attitude.teamwork"][0], "", *english["attitude.teamwork"][2:]]
    assert rows["green.mowing"].level_descriptions_en == ["Leaves strips.", *english["green.mowing"][1:]]
    assert rows["green.composting"].level_descriptions_en == [] and rows["green.composting"].version == 1
