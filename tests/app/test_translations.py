"""Dutch is the UI's language; English must be complete, so no English page shows Dutch labels."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "workfloor/translations/en/LC_MESSAGES/messages.po"
METHODS = [("workfloor/**.py", "python"), ("scheduling/**.py", "python"), ("competencies/**.py", "python"),
           ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def _source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS, comment_tags=()):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_ui_text_has_an_english_translation():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    translated = {}
    for entry in catalogue:
        if not entry.id:
            continue
        key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        translated[key] = all(strings) and not entry.fuzzy
    missing = sorted(m for m in _source_messages() if not translated.get(m))
    assert not missing, f"run `make messages` and translate these in {CATALOGUE.name}: {missing[:20]}"
