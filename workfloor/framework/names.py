"""Competency names in the reader's language.

The framework's names are data (a coordinator may rename an item); the names of the framework shipped
with the app are also msgids, so the English interface shows them in English. A renamed item keeps the
name its coordinator gave it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workfloor.planning.text import _

# Every item name of competencies/framework/*.toml (tests/app/test_translations.py keeps them in step).
SHIPPED_NAMES = frozenset(str(name._args[0]) if hasattr(name, "_args") else str(name) for name in (
    _l("Stiptheid en afspraken nakomen"),
    _l("Aanwezigheid"),
    _l("Opdrachten opvolgen"),
    _l("Problemen melden"),
    _l("Samenwerken"),
    _l("Omgaan met veranderingen"),
    _l("Hygiëne en werkkledij"),
    _l("Veiligheid en beschermingsmiddelen"),
    _l("Ergonomisch werken"),
    _l("Zorg voor gereedschap en materiaal"),
    _l("Leerbereidheid"),
    _l("Klantvriendelijkheid"),
    _l("Zelfstandig werken"),
    _l("Doorzettingsvermogen"),
    _l("Omgaan met stress"),
    _l("Nauwkeurig werken"),
    _l("Feedback aanvaarden"),
    _l("Motivatie"),
    _l("Nederlands op de werkvloer"),
    _l("Communicatie"),
    _l("Werkopdracht lezen en materiaal verzamelen"),
    _l("Schoonmaakkar en stofzuiger klaarmaken"),
    _l("Producten kiezen en doseren"),
    _l("Kleurcodes van emmers en doeken"),
    _l("Ergonomisch uitwringen"),
    _l("Vloeren stofwissen en dweilen"),
    _l("Sanitaire ruimten schoonmaken"),
    _l("Kantoren schoonmaken en stofzuigen"),
    _l("Afstoffen"),
    _l("Ramen wassen"),
    _l("Vloeren machinaal reinigen"),
    _l("Defecten en schade melden"),
    _l("Werkopdracht lezen en gereedschap verzamelen"),
    _l("Werkzone afbakenen en beveiligen"),
    _l("Maaien en kanten afwerken"),
    _l("Hagen scheren"),
    _l("Onderhoudssnoei"),
    _l("Onkruid verwijderen"),
    _l("Bladeren en zwerfvuil ruimen"),
    _l("Aanplanten"),
    _l("Werken met de bosmaaier"),
    _l("Plantenziekten en plagen herkennen"),
    _l("Machines en gereedschap onderhouden"),
))


def competency_name(competency_id: str, names: dict[str, str] | None = None) -> str:
    """The name of a competency (``names``: id -> stored name, else the framework's), translated when shipped."""
    if names is None:
        from workfloor.assignments.forms import competency_names
        names = competency_names()
    name = names.get(competency_id)
    if name is None:
        return competency_id.split(".")[-1].replace("_", " ")
    return _(name) if name in SHIPPED_NAMES else name
