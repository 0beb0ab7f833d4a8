"""Which new passwords the app accepts: long enough and hard to guess, judged by zxcvbn.

One home for the rule: a coordinator's create and reset, the learner and supervisor forms, the
`create-user` command and a user's own change all ask `password_problem`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from flask import has_request_context
from flask_babel import gettext
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 200
# zxcvbn's 3: "safely unguessable", about 10^8 guesses or more.
MIN_SCORE = 3
# zxcvbn knows English words; these Dutch (and app) words make the same guesses cheap here.
DUTCH_WORDS = (
    "wachtwoord", "paswoord", "welkom", "welkom01", "geheim", "azerty", "werkvloer", "workfloor",
    "leerwerkplaats", "leerwerknemer", "begeleider", "ocmw", "stad", "gemeente", "groendienst",
    "zomer", "winter", "lente", "herfst", "januari", "februari", "maart", "april", "mei", "juni", "juli",
    "augustus", "september", "oktober", "november", "december", "maandag", "dinsdag", "woensdag",
    "donderdag", "vrijdag", "zaterdag", "zondag", "belgie", "vlaanderen", "antwerpen", "gent", "brussel",
    "leuven", "mechelen", "brugge", "hasselt", "liefde", "schat", "voetbal", "hallo", "goedemorgen",
)


def _(message: str, **variables) -> str:
    """Translate in a request; the CLI (create-user) has no reader's language, so Dutch as written."""
    return gettext(message, **variables) if has_request_context() else message % variables


def _personal_words(email: str, names: Iterable[str]) -> list[str]:
    """The e-mail address, its parts and the person's names, lower case."""
    email = (email or "").strip().lower()
    local = email.partition("@")[0]
    words = [email, local, *re.split(r"[^\w]+", local)]
    for name in names:
        name = (name or "").strip().lower()
        words += [name, *name.split()]
    return [word for word in dict.fromkeys(words) if len(word) >= 3]


def password_problem(password: str, *, email: str = "", names: Iterable[str] = ()) -> str | None:
    """Why `password` is refused for this person (a Dutch sentence), or None when it is good."""
    if len(password) < MIN_LENGTH:
        return _("Kies minstens %(count)d tekens.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Kies hoogstens %(count)d tekens.", count=MAX_LENGTH)
    personal = _personal_words(email, names)
    lowered = password.lower()
    # The address, the part before the @, a name: the first things someone who knows you tries.
    if any(word in lowered for word in personal if len(word) >= 4):
        return _("Gebruik je naam of e-mailadres niet in je wachtwoord.")
    result = zxcvbn(password[:100], user_inputs=[*personal, *DUTCH_WORDS])
    if result["score"] >= MIN_SCORE:
        return None
    return _reason(result["sequence"], personal) + " " + _(
        "Kies bijvoorbeeld drie of vier losse woorden die niet bij elkaar horen.")


def _reason(sequence: list[dict], personal: list[str]) -> str:
    """The weakness zxcvbn found, said in Dutch (its own feedback is English only)."""
    patterns = {match["pattern"] for match in sequence}
    dictionaries = {match.get("dictionary_name") for match in sequence}
    if any(match.get("dictionary_name") == "user_inputs" and match.get("matched_word") in personal
           for match in sequence):
        return _("Gebruik je naam of e-mailadres niet in je wachtwoord.")
    if "passwords" in dictionaries:
        return _("Dit lijkt op een veelgebruikt wachtwoord.")
    if patterns & {"repeat", "sequence", "spatial"}:
        return _("Herhalingen, reeksen en toetsenbordrijen zoals 'aaa', '1234' of 'azerty' zijn makkelijk te raden.")
    if patterns & {"date", "regex"}:
        return _("Data en jaartallen zijn makkelijk te raden.")
    return _("Dit wachtwoord is te makkelijk te raden.")
