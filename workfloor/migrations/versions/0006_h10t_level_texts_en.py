"""English level descriptions of the shipped framework items, for databases that got the English texts without them

0004_i10 copied the English texts from en.toml when it had no level descriptions yet. This fills
each empty English level of a shipped item from en.toml, but only where the Dutch level text is
still the shipped one: an English anchor must describe the same behaviour as the Dutch anchor the
coordinator kept. Levels a coordinator already translated are left alone.

Revision ID: 0006_h10t
Revises: 0004_i10
Create Date: 2026-11-29 17:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_h10t'
down_revision = '0004_i10'
branch_labels = None
depends_on = None


def upgrade():
    from competencies import load_default_framework, load_english_texts

    items = sa.table(
        "competency_item", sa.column("id", sa.String), sa.column("level_descriptions", sa.JSON),
        sa.column("level_descriptions_en", sa.JSON), sa.column("version", sa.Integer),
    )
    shipped = {item.id: item for item in load_default_framework().items(include_retired=True)}
    english = load_english_texts()[1]
    connection = op.get_bind()
    rows = connection.execute(sa.select(items.c.id, items.c.level_descriptions, items.c.level_descriptions_en)).all()
    for item_id, dutch, current in rows:
        texts = english.get(item_id)
        if item_id not in shipped or texts is None or not texts.level_descriptions:
            continue  # an item the coordinator added: nobody shipped an English text for it
        filled = _filled_levels(list(dutch or ()), list(current or ()), shipped[item_id].level_descriptions,
                                texts.level_descriptions)
        if filled != list(current or ()):
            # a new version: an edit form opened before the upgrade can't blank these texts again
            connection.execute(items.update().where(items.c.id == item_id).values(
                level_descriptions_en=filled, version=items.c.version + 1))


def _filled_levels(dutch: list, current: list, shipped_dutch: tuple, shipped_english: tuple) -> list:
    """The four English levels: each kept if written, else the shipped one if its Dutch anchor is unchanged."""
    levels = [(current[i] if i < len(current) and isinstance(current[i], str) else "") for i in range(4)]
    for i, text in enumerate(levels):
        if not text.strip() and i < len(dutch) and dutch[i] == shipped_dutch[i]:
            levels[i] = shipped_english[i]
    # the editor stores no list at all when nothing is translated
    return levels if any(text.strip() for text in levels) else list(current)


def downgrade():
    pass  # the texts stay: they were always allowed, and 0004_i10's downgrade drops the column
