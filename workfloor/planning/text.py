"""The planning board's words: gettext that also works outside a request, and texts rendered at display time.

Dutch is the msgid. Outside a request (a solve thread, a CLI command) the Dutch text itself is used.
History lines (``PlanEvent.summary``) are stored in the saver's language, and new ones also keep a
language-neutral ``details["summary"] = {"key": ..., "params": {...}}`` so :func:`event_summary`
renders them in the reader's language; old rows fall back to the stored text.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from flask_babel import force_locale, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext as _ngettext
from scheduling import word_nl


_speaking: ContextVar[bool] = ContextVar("speaking", default=False)


@contextmanager
def speaking(locale: str):
    """Words in this language, also outside a request (a notice mail from a background thread)."""
    token = _speaking.set(True)
    try:
        with force_locale(locale):
            yield
    finally:
        _speaking.reset(token)


def _translating() -> bool:
    return has_request_context() or _speaking.get()


def _(message: str, **values) -> str:
    """gettext in a request (or ``speaking``); outside one (a solve thread, a CLI command) the Dutch msgid."""
    if _translating():
        return gettext(message, **values)
    return message % values if values else message


def ngettext(singular: str, plural: str, num: int, **values) -> str:
    """ngettext in a request (``%(num)s`` is the count); outside one the Dutch singular or plural."""
    if _translating():
        return _ngettext(singular, plural, num, **values)
    return (singular if num == 1 else plural) % {"num": num, **values}


def english() -> bool:
    """Is the reader's language English?"""
    if not _translating():
        return False
    locale = get_locale()
    return locale is not None and locale.language == "en"


# ------------------------------------------------------------------ the engine's words

STATUS = {"optimal": _l("optimaal"), "feasible": _l("goed, niet bewezen optimaal"),
          "infeasible": _l("niet alles haalbaar")}

LEVELS = {"placed": _l("ingeplande dagdelen van leerwerknemers"),
          "priority": _l("prioriteit van bemande niet-verplichte opdrachten"),
          "learning": _l("leerkansen op doelen van leerwerknemers"),
          "-vehicle_blocks": _l("min het aantal gebruikte wagendagdelen"),
          "fairness": _l("spreiding van de dagdelen zonder werk"),
          "goals": _l("geoefende leerdoelen (tot het aantal per week)"),
          "mentor": _l("dagdelen naast de vaste begeleider")}

RULES = {"availability": _l("beschikbaarheid"), "one_place": _l("één plaats tegelijk"), "domain": _l("domein"),
         "staffing": _l("bemanning"), "ratio": _l("begeleidingsratio"), "qualification": _l("kwalificaties"),
         "conflict": _l("conflicten"), "transport": _l("vervoer"), "plan": _l("planvorm"),
         "day": _l("dag binnen het venster"), "mandatory": _l("verplicht")}


def status_text(code: str | None) -> str:
    """A solve's outcome (``optimal``, ``feasible``, ``infeasible``) in words."""
    return str(STATUS[code]) if code in STATUS else (code or "")


def level_label(level) -> str:
    """The label of a ``scheduling.LEVELS`` score level in the reader's language."""
    return str(LEVELS[level.name]) if level.name in LEVELS else level.name


def rule_label(code: str) -> str:
    """A hard rule's name (``scheduling.RULE_CODES``) in the reader's language."""
    return str(RULES[code]) if code in RULES else code


def word(code: str) -> str:
    """A certificate, restriction, vehicle feature or domain; competencies keep the engine's (Dutch) word."""
    if english():
        from workfloor.vocabulary import Certificate, Domain, Restriction, VehicleFeature
        for vocabulary in (Certificate, Restriction, VehicleFeature, Domain):
            if code in vocabulary.LABELS:
                label = str(vocabulary.LABELS[code])
                return label[:1].lower() + label[1:]
    return word_nl(code)


# ------------------------------------------------------------------ names, at read time

def person_names(person_ids) -> dict[int, str]:
    """Names of persons as they are now (a renamed or erased person reads as renamed everywhere).

    History rows store person ids only; pages render names through here, one query per batch of
    unknown ids, remembered for the rest of the request.
    """
    from workfloor.extensions import db
    from workfloor.models import Person

    cache: dict[int, str] = request.environ.setdefault("workfloor.person_names", {}) if has_request_context() else {}
    wanted = {i for i in person_ids if isinstance(i, int) and i not in cache}
    if wanted:
        rows = db.session.execute(db.select(Person.id, Person.first_name, Person.last_name)
                                  .where(Person.id.in_(wanted))).all()
        cache.update({i: f"{first} {last}".strip() for i, first, last in rows})
    return {i: cache.get(i, "?") for i in person_ids if isinstance(i, int)}


def person_first_names(person_ids) -> dict[int, str]:
    """First names as they are now (the board's result panel says "Jan", not "Jan Peeters")."""
    from workfloor.extensions import db
    from workfloor.models import Person

    wanted = {i for i in person_ids if isinstance(i, int)}
    if not wanted:
        return {}
    return dict(db.session.execute(db.select(Person.id, Person.first_name).where(Person.id.in_(wanted))).all())


def short_names(people) -> dict[int, str]:
    """Person id -> the name a crew line uses: the first name, with the last name's initial where two of
    ``people`` share it ("Aylin C.", "Aylin J."), and the whole last name where even that is shared."""
    people = list({p.id: p for p in people}.values())
    firsts = Counter(p.first_name for p in people)
    initials = Counter((p.first_name, p.last_name[:1]) for p in people)
    out = {}
    for p in people:
        if firsts[p.first_name] == 1:
            out[p.id] = p.first_name
        elif initials[(p.first_name, p.last_name[:1])] == 1:
            out[p.id] = f"{p.first_name} {p.last_name[:1]}."
        else:
            out[p.id] = f"{p.first_name} {p.last_name}".strip()
    return out


def person_name(person_id: int | None) -> str:
    return person_names([person_id]).get(person_id, "?") if isinstance(person_id, int) else "?"


def event_person_ids(events) -> set[int]:
    """The persons a list of history rows names by id (to look their names up in one query)."""
    ids: set[int] = set()
    for event in events:
        details = event.details or {}
        params = (details.get("summary") or {}).get("params") or {}
        ids.update(i for i in (params.get("persons") or []) + (params.get("pinned_persons") or [])
                   if isinstance(i, int))
        for entry in details.get("diff") or ():
            key = entry.get("key", "") if isinstance(entry, dict) else ""
            if key.startswith("person:") and key[7:].isdigit():
                ids.add(int(key[7:]))
    return ids


def _joined_names(ids) -> str:
    names = person_names(list(ids or []))
    return ", ".join(sorted(names.values()))


# ------------------------------------------------------------------ history lines

SUMMARIES = {
    "moved": _l("Verplaatst naar %(where)s."),
    "moved_to_pool": _l("Verplaatst naar de pool."),
    "undone": _l("Wijziging ongedaan gemaakt."),
    "accepted": _l("Waarschuwing aanvaard: %(w)s"),
    "pinned": _l("Vastgezet."),
    "unpinned": _l("Losgemaakt."),
    "unstaffed": _l("Opdracht blijft onbemand."),
    "staffed": _l("Opdracht mag weer bemand worden."),
    "generated": _l("Planning gegenereerd (%(status)s)."),
    "generated_cli": _l("Planning gegenereerd vanaf de opdrachtregel (%(status)s)."),
    "replan_confirmed": _l("Herplanning bevestigd."),
    "published": _l("Planning gepubliceerd."),
    "published_changes": _l("Wijzigingen gepubliceerd."),
    "absent_released": _l("Afwezig: %(names)s. Uit de ploeg gehaald; vastzetting opgeheven voor %(pinned)s."),
    "absent_removed": _l("Afwezig: %(names)s. Uit de ploeg gehaald."),
    "cancelled": _l("Opdracht %(name)s geannuleerd."),
    "rescheduled_away": _l("Opdracht %(name)s verplaatst naar %(day)s."),
    "rescheduled_here": _l("Opdracht %(name)s hierheen verplaatst van %(day)s."),
    "week_generated": _l("Week gepland (%(status)s)."),
    "week_generated_from": _l("Week gepland vanaf %(day)s; de dagen ervoor bleven zoals ze waren (%(status)s)."),
    "week_replanned": _l("Week herpland vanaf %(day)s (%(status)s)."),
}


def _summary_text(key: str, params: dict[str, Any]) -> str:
    values = dict(params)
    if "persons" in values:  # ids since the names moved to read time; older rows hold the names
        values["names"] = _joined_names(values.pop("persons"))
        values["pinned"] = _joined_names(values.pop("pinned_persons", []))
    if "status" in values:
        values["status"] = status_text(values["status"])
    if key == "accepted":
        from workfloor.planning.board import warning_lines  # board renders findings; it imports this module
        values["w"] = " ".join(warning_lines(values))
        for name in ("findings", "warnings", "warnings_en"):
            values.pop(name, None)
    template = str(SUMMARIES[key])
    return template % values if "%(" in template else template


def summary(key: str, **params) -> tuple[str, dict]:
    """A history line in the current language, and the ``details`` that render it again for any reader.

    Persons go in as ids (``persons``, ``pinned_persons``); the line returned for ``PlanEvent.summary``
    then counts them instead of naming them, since what is stored must not freeze a name.
    """
    said = {"summary": {"key": key, "params": params}}
    if "persons" in params:
        values = {k: v for k, v in params.items() if k not in ("persons", "pinned_persons")}
        values["names"] = ngettext("%(num)s persoon", "%(num)s personen", len(params["persons"]))
        values["pinned"] = ngettext("%(num)s persoon", "%(num)s personen", len(params.get("pinned_persons") or []))
        return str(SUMMARIES[key]) % values, said
    return _summary_text(key, params), said


def event_summary(event) -> str:
    """A PlanEvent's line in the reader's language (old rows: the text stored when it was saved)."""
    stored = (event.details or {}).get("summary")
    if isinstance(stored, dict) and stored.get("key") in SUMMARIES:
        try:
            return _summary_text(stored["key"], stored.get("params") or {})
        except (KeyError, TypeError, ValueError):
            pass
    return event.summary


def _who(entry: dict) -> str:
    """Who a diff entry is about: a person's name as it is now (by ``key``), a van's stored name."""
    key = entry.get("key") or ""
    if key.startswith("person:") and key[7:].isdigit():
        return person_name(int(key[7:]))
    return entry.get("who", "?")


def diff_line(entry: dict) -> str:
    """One line of a change's diff; entries with ``change`` render in the reader's language."""
    change = entry.get("change")
    if change == "driver":
        return _("%(who)s: andere chauffeur", who=_who(entry))
    if change == "move":
        nowhere = _("niet ingepland")
        return "{}: {} → {}".format(_who(entry), ", ".join(entry.get("from") or []) or nowhere,
                                    ", ".join(entry.get("to") or []) or nowhere)
    return entry.get("text", "")


# ------------------------------------------------------------------ results in plain words

def delta_words(delta) -> str:
    """What placing someone changes, as a supervisor says it: no score vector, no minus signs."""
    if not delta:
        return _("verandert niets aan het plan")
    placed, priority, learning, vehicles = (list(delta) + [0, 0, 0, 0])[:4]
    out = []
    if placed > 0:
        out.append(ngettext("%(num)s dagdeel meer ingepland", "%(num)s dagdelen meer ingepland", placed))
    elif placed < 0:
        out.append(ngettext("%(num)s dagdeel minder ingepland", "%(num)s dagdelen minder ingepland", -placed))
    if priority > 0:
        out.append(_("een belangrijkere opdracht bemand"))
    elif priority < 0:
        out.append(_("een belangrijkere opdracht valt weg"))
    if learning > 0:
        out.append(ngettext("%(num)s keer meer geoefend op een leerdoel", "%(num)s keer meer geoefend op een leerdoel",
                            learning))
    elif learning < 0:
        out.append(ngettext("%(num)s keer minder geoefend op een leerdoel",
                            "%(num)s keer minder geoefend op een leerdoel", -learning))
    if vehicles > 0:
        out.append(ngettext("%(num)s wagenrit minder", "%(num)s wagenritten minder", vehicles))
    elif vehicles < 0:
        out.append(ngettext("%(num)s wagenrit meer", "%(num)s wagenritten meer", -vehicles))
    return ", ".join(out) if out else _("verandert niets aan het plan")


def block_word(block: str) -> str:
    return _("voormiddag") if block == "am" else _("namiddag")


UNPLACED = {
    "no_work": _l("geen opdracht van %(domain)s in de %(block)s"),
    "blocks": _l("elke opdracht in de %(block)s duurt langer dan %(name)s die dag werkt"),
    "busy": _l("elke opdracht in de %(block)s valt samen met werk waar %(name)s al staat"),
    "restriction": _l("alle opdrachten in de %(block)s vragen iets wat %(name)s niet mag: %(what)s"),
    "level": _l("alle opdrachten in de %(block)s vragen een hoger niveau in %(what)s"),
    "full": _l("alle ploegen in de %(block)s zitten vol"),
    "ratio": _l("geen begeleider vrij: elke ploeg in de %(block)s heeft al zoveel leerwerknemers als haar "
                "begeleiders mogen begeleiden"),
    "no_supervisor": _l("geen begeleider vrij in de %(block)s"),
    "too_few": _l("een opdracht in de %(block)s starten vraagt meer leerwerknemers dan er vrij zijn"),
    "seats": _l("geen plaats meer in de wagens in de %(block)s"),
    "avoid": _l("%(name)s werkt liever niet samen met wie in de ploegen van de %(block)s zit"),
    "not_chosen": _l("er was nog plaats, maar de berekening stopte voor alles bekeken was: herplan"),
}
OBSTACLE_SHORT = {
    "blocks": _l("duurt te lang"), "busy": _l("staat al elders"), "restriction": _l("mag niet: %(what)s"),
    "level": _l("niveau te laag: %(what)s"), "full": _l("vol"), "ratio": _l("begeleiding vol"),
    "no_supervisor": _l("geen begeleider vrij"), "too_few": _l("te weinig mensen om te starten"),
    "seats": _l("wagen vol"), "avoid": _l("botsing in de ploeg"),
}


def unplaced_text(finding: dict, name: str, assignments: dict[int, str] | None = None) -> str:
    """Why someone who shows up has no place, in the reader's language.

    ``finding``: a stored ``{"rule", "block", "domain", "subjects", "obstacles"}`` (see
    ``operations.unplaced_findings``); ``assignments``: id -> name, for the "mixed" case.
    """
    rule = finding.get("rule")
    what = ", ".join(word(s) for s in finding.get("subjects") or [])
    values = {"block": block_word(finding.get("block", "am")), "name": name, "what": what,
              "domain": word(finding.get("domain") or "")}
    if rule in UNPLACED:
        return str(UNPLACED[rule]) % values
    parts = []
    for item in finding.get("obstacles") or []:
        short = OBSTACLE_SHORT.get(item.get("rule"))
        if short is None:
            continue
        label = (assignments or {}).get(item.get("assignment"), "")
        text = str(short) % {"what": ", ".join(word(s) for s in item.get("subjects") or [])}
        parts.append(f"{label}: {text}" if label else text)
    return _("geen plaats in de %(block)s (%(parts)s)", block=values["block"], parts="; ".join(dict.fromkeys(parts)))


def result_lines(placed: int, available: int, unplaced: list[tuple[str, str]], learning: int,
                 vans: int) -> list[str]:
    """The result panel as a supervisor talks: "58 van 60 dagdelen ingepland. Niet ingepland: Jan (…)."."""
    out = [_("%(placed)s van %(available)s dagdelen ingepland.", placed=placed, available=available)]
    if unplaced:
        out.append(_("Niet ingepland: %(who)s.", who="; ".join(f"{n} ({why})" for n, why in unplaced)))
    out.append(ngettext("%(num)s keer geoefend op een leerdoel.", "%(num)s keer geoefend op een leerdoel.", learning))
    out.append(ngettext("%(num)s busje.", "%(num)s busjes.", vans))
    return out


# ------------------------------------------------------------------ the board's script

def board_strings() -> dict[str, str]:
    """Every text ``board.js`` shows, by key; ``%(name)s`` placeholders are filled in by the script."""
    return {
        "nobody": _("— niemand —"),
        "no_licence": _("%(name)s (geen rijbewijs)"),
        "move_title": _("Verplaats %(name)s"),
        "back_to_pool": _("Terug naar de pool (niet ingepland)"),
        "unpin": _("Maak los"),
        "pin": _("Zet vast op deze plaats"),
        "searching": _("Zoeken…"),
        "who_fits": _("Wie past hier?"),
        "nobody_available": _("Niemand beschikbaar."),
        "place_learner": _("Plaats %(name)s (leerwerknemer)"),
        "place_supervisor": _("Plaats %(name)s (begeleider)"),
        "job_generate": _("Genereer planning"),
        "job_replan": _("Herplanning"),
        "status_queued": _("In de wachtrij…"),
        "status_running": _("Bezig"),
        "status_done": _("Klaar"),
        "status_failed": _("Mislukt"),
        "status_confirmed": _("Bevestigd"),
        "status_discarded": _("Geannuleerd"),
        "progress": _("%(running)s van %(limit)s s"),
        "last_improvement": _("laatste verbetering na %(elapsed)s s"),
        "stopping": _("(stopt…)"),
        "stopped_kept": _("(gestopt: het beste plan tot dan is bewaard)"),
        "bound": _("(bovengrens %(bound)s)"),
        "result": _("Resultaat"),
        "why_not_all": _("Waarom niet alles lukt"),
        "pin_conflicts": _("Vastgezette keuzes die niet konden"),
        "who_moves": _("Wie verschuift"),
        "nobody_moves": _("Niemand hoeft te verschuiven."),
        "replan_ready": _("Herplanning klaar: bekijk wie verschuift en bevestig of annuleer."),
        "plan_ready": _("De planning is klaar."),
        "solve_failed": _("De berekening is niet gelukt."),
    }
