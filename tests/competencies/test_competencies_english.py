"""The English texts shipped with the framework (en.toml): complete for every item, levels in order."""
from competencies import LEVELS, load_english_texts


def test_every_shipped_item_has_english_texts_and_four_level_descriptions(framework):
    english = load_english_texts()[1]
    for item in framework.items(include_retired=True):
        texts = english.get(item.id)
        assert texts is not None, item.id
        assert texts.name.strip() and texts.description.strip() and texts.learner_text.strip(), item.id
        assert len(texts.level_descriptions) == len(LEVELS), item.id
        assert all(text.strip() for text in texts.level_descriptions), item.id
        assert len(set(texts.level_descriptions)) == len(LEVELS), item.id
        # a translation, not the Dutch anchor copied over
        assert not set(texts.level_descriptions) & set(item.level_descriptions), item.id


def test_english_texts_name_only_shipped_items_and_every_group(framework):
    labels, english = load_english_texts()
    assert set(english) == set(framework.ids)
    assert set(labels) == {group.id for group in framework.groups}
    names = [texts.name for texts in english.values()]
    assert len(set(names)) == len(names)


def test_english_levels_are_read_in_order_one_to_four():
    levels = load_english_texts()[1]["green.hedge_trimming"].level_descriptions
    assert "gaps" in levels[0] and "supervisor" in levels[1]
    assert "wider at the base" in levels[3]
