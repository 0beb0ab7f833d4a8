"""The engine's findings in words: Dutch (the default) or English, for the CLI and plan files.

The one home of the engine's labels (days, blocks, assignments, domain and competency
words, rule names, score level names) and of its sentences. Rule logic never writes
text; it returns ``findings`` that :func:`text` turns into a sentence. The web app does
not use these sentences: it renders the same findings through its own Babel catalogue.

Names come from the problem when one is given (people, vans, assignments); without a
problem the ids are used.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterable

from .findings import FitReason, Reason, ScoreLine, Violation

if TYPE_CHECKING:
    from .model import Assignment, Problem

LANGUAGES = ("nl", "en")

# ---------------------------------------------------------------- labels

_WEEKDAYS = {"nl": ("ma", "di", "wo", "do", "vr", "za", "zo"), "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
_BLOCKS = {"nl": {"am": "vm", "pm": "nm"}, "en": {"am": "am", "pm": "pm"}}

RULE_NAMES = {
    "nl": {"availability": "beschikbaarheid", "one_place": "één plaats tegelijk", "domain": "domein",
           "staffing": "bemanning", "ratio": "begeleidingsratio", "qualification": "kwalificaties",
           "conflict": "conflicten", "transport": "vervoer", "plan": "planvorm", "day": "dag",
           "mandatory": "verplicht"},
    "en": {"availability": "availability", "one_place": "one place at a time", "domain": "domain",
           "staffing": "staffing", "ratio": "supervision ratio", "qualification": "qualifications",
           "conflict": "conflicts", "transport": "transport", "plan": "plan shape", "day": "day",
           "mandatory": "mandatory"},
}
LEVEL_NAMES = {
    "nl": {"placed": "ingeplande dagdelen van leerwerknemers",
           "priority": "prioriteit van bemande niet-verplichte opdrachten",
           "learning": "leerkansen op doelen van leerwerknemers",
           "-vehicle_blocks": "min het aantal gebruikte wagendagdelen",
           "fairness": "spreiding van de dagdelen zonder werk (min de som van de kwadraten)",
           "goals": "geoefende doelen (tot het aantal per week)", "mentor": "dagdelen naast de eigen begeleider"},
    "en": {"placed": "learner blocks scheduled", "priority": "priority of staffed optional assignments",
           "learning": "learning opportunities on learners' goals",
           "-vehicle_blocks": "minus the number of van blocks used",
           "fairness": "spread of blocks without work (minus the sum of squares)",
           "goals": "goals practised (up to the blocks per week)", "mentor": "blocks beside one's own supervisor"},
}
_KINDS = {"nl": {"learner": "leerwerknemers", "supervisor": "begeleiders", "vehicle": "wagens"},
          "en": {"learner": "learners", "supervisor": "supervisors", "vehicle": "vans"}}
_KIND = {"nl": {"learner": "leerwerknemer", "supervisor": "begeleider", "vehicle": "wagen", "": "id"},
         "en": {"learner": "learner", "supervisor": "supervisor", "vehicle": "van", "": "id"}}

WORDS_NL = {
    "cleaning": "schoonmaak", "green": "groen",
    "trailer": "aanhangwagen", "hedge_trimmer": "heggenschaar", "brush_cutter": "bosmaaier",
    "ride_on_mower": "zitmaaier", "scrubber_dryer": "schrobzuigmachine",
    "no_heavy_lifting": "niet zwaar tillen", "no_chemicals": "geen chemische producten",
    "no_machines": "geen machines",
    "cleaning.floor_care": "vloeronderhoud", "cleaning.sanitary": "sanitair reinigen",
    "cleaning.dusting": "stof afnemen", "cleaning.machines": "machines gebruiken",
    "cleaning.windows": "ramen wassen", "cleaning.dosing": "producten doseren",
    "green.mowing": "maaien", "green.hedge_trimming": "haagscheren",
    "green.brush_cutter": "bosmaaien", "green.weeding": "onkruid wieden",
    "green.planting": "planten", "green.pruning": "snoeien", "green.leaf_clearing": "bladeren ruimen",
    "attitude.punctuality": "stiptheid", "attitude.teamwork": "samenwerken",
    "attitude.independence": "zelfstandig werken", "attitude.safety": "veilig werken",
    "attitude.accepting_feedback": "feedback aanvaarden", "attitude.communication": "communicatie",
    # Every item of the shipped framework has its word, so no code ("accuracy") ever reaches a page.
    "attitude.attendance": "aanwezigheid", "attitude.follows_instructions": "opdrachten opvolgen",
    "attitude.reports_problems": "problemen melden", "attitude.adaptability": "omgaan met veranderingen",
    "attitude.hygiene": "hygiëne en werkkledij", "attitude.ergonomics": "ergonomisch werken",
    "attitude.care_for_material": "zorg voor materiaal", "attitude.learning": "leerbereidheid",
    "attitude.courtesy": "klantvriendelijkheid", "attitude.perseverance": "doorzetten",
    "attitude.stress": "omgaan met stress", "attitude.accuracy": "nauwkeurig werken",
    "attitude.motivation": "motivatie", "attitude.dutch_language": "Nederlands op de werkvloer",
    "cleaning.work_order": "werkopdracht lezen", "cleaning.trolley": "schoonmaakkar klaarmaken",
    "cleaning.colour_coding": "kleurcodes", "cleaning.wringing": "ergonomisch uitwringen",
    "cleaning.offices": "kantoren schoonmaken", "cleaning.reports_defects": "defecten melden",
    "green.work_order": "werkopdracht lezen", "green.work_zone": "werkzone beveiligen",
    "green.plant_disease": "plantenziekten herkennen", "green.equipment_care": "machines onderhouden",
}
WORDS_EN = {
    "green": "green spaces", "ride_on_mower": "ride-on mower", "scrubber_dryer": "scrubber-dryer",
    "no_heavy_lifting": "no heavy lifting", "cleaning.floor_care": "floor care",
    "cleaning.sanitary": "sanitary cleaning", "green.hedge_trimming": "hedge trimming",
    "green.brush_cutter": "brush cutting", "green.leaf_clearing": "leaf clearing",
    "attitude.independence": "working independently", "attitude.safety": "working safely",
}


def word(code: str, lang: str = "nl") -> str:
    """A domain, certificate, feature, restriction or competency code in words."""
    table = WORDS_EN if lang == "en" else WORDS_NL
    return table.get(code, code.split(".")[-1].replace("_", " "))


def word_nl(code: str) -> str:
    """The Dutch word for a domain, certificate, feature, restriction or competency code."""
    return word(code, "nl")


def day_label(day: str, lang: str = "nl") -> str:
    """``2026-12-07`` -> ``ma 7/12`` (``Mon 7/12``)."""
    try:
        d = dt.date.fromisoformat(day)
    except (TypeError, ValueError):
        return str(day)
    return f"{_WEEKDAYS[lang][d.weekday()]} {d.day}/{d.month}"


def block_label(block: str, lang: str = "nl") -> str:
    return _BLOCKS[lang].get(block, block)


def day_nl(day: str) -> str:
    """``2026-12-07`` -> ``ma 7/12``."""
    return day_label(day, "nl")


def block_nl(block: str) -> str:
    """``am`` -> ``vm``, ``pm`` -> ``nm``; other block ids stay as they are."""
    return block_label(block, "nl")


def assignment_label(a: "Assignment", lang: str = "nl") -> str:
    """``Hagen scheren (Stadspark, ma 7/12 vm)``: how a supervisor names an assignment."""
    where = f"{a.site}, " if a.site else ""
    when = day_label(a.day, lang) if a.day else \
        ("één van " if lang == "nl" else "one of ") + ", ".join(day_label(d, lang) for d in a.days)
    return f"{a.name} ({where}{when} {'+'.join(block_label(b, lang) for b in a.blocks)})"


def assignment_nl(a: "Assignment") -> str:
    return assignment_label(a, "nl")


def person_nl(problem: "Problem", pid: str) -> str:
    """A person's name (or the id when unknown)."""
    p = problem.person(pid)
    return p.name if p is not None else pid


def rule_name(code: str, lang: str = "nl") -> str:
    return RULE_NAMES[lang].get(code, code)


def level_name(level: str, lang: str = "nl") -> str:
    return LEVEL_NAMES[lang].get(level, level)


# ---------------------------------------------------------------- sentences

class _Words:
    """Names for one problem and language, as a sentence template reads them."""

    def __init__(self, problem: "Problem | None", lang: str):
        self.problem, self.lang = problem, lang
        self.join_word = " en " if lang == "nl" else " and "

    def name(self, xid: str | None) -> str:
        if xid is None:
            return "?"
        if self.problem is not None:
            x = self.problem.person(xid) or self.problem.vehicle.get(xid)
            if x is not None:
                return x.name
        return xid

    def names(self, ids: Iterable[str]) -> str:
        return self.join([self.name(i) for i in ids])

    def join(self, items: list[str]) -> str:
        if not items:
            return ""
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + self.join_word + items[-1]

    def assignment(self, aid: str | None) -> str:
        a = self.problem.assignment.get(aid) if self.problem is not None and aid else None
        return assignment_label(a, self.lang) if a is not None else str(aid)

    def assignments(self, aids: Iterable[str], sep: str | None = None) -> str:
        items = [self.assignment(a) for a in aids]
        return sep.join(items) if sep else self.join(items)

    def words(self, codes: Iterable[str]) -> str:
        return ", ".join(word(c, self.lang) for c in codes)

    def blocks(self, blocks: Iterable[str]) -> str:
        return "+".join(block_label(b, self.lang) for b in blocks)

    def rules(self, codes: Iterable[str]) -> str:
        return ", ".join(rule_name(c, self.lang) for c in codes)


def _values(f, w: _Words) -> dict:
    """Everything a template may name, for one finding."""
    g = lambda name, default=None: getattr(f, name, default)  # noqa: E731
    subjects = tuple(g("subjects", ()) or ())
    codes = tuple(g("codes", ()) or ())
    n = g("have")
    return {
        "a": w.assignment(g("assignment")), "who": w.name(subjects[0]) if subjects else "?",
        "names": w.names(subjects) or ("Iemand" if w.lang == "nl" else "Someone"),
        "second": w.name(subjects[1]) if len(subjects) > 1 else "?",
        "kind": _KIND[w.lang].get(g("kind", "") or "", g("kind", "")),
        "day": day_label(g("day"), w.lang) if g("day") else "", "blocks": w.blocks(g("blocks", ()) or ()),
        "have": n, "need": g("need"), "most": g("most"),
        "code": word(codes[0], w.lang) if codes else "", "codes": w.words(codes),
        "raw": codes[0] if codes else "",
        "second_code": word(codes[1], w.lang) if len(codes) > 1 else "",
        "others": w.assignments(g("others", ()) or ()),
        "list": w.assignments(g("assignments", ()) or (), "; "),
        "kinds": w.join([_KINDS[w.lang][k] for k in g("kinds", ()) or ()]),
        "licences": (" of " if w.lang == "nl" else " or ").join(g("licences", ()) or ()) or "B",
        "is": ("is" if n == 1 else "zijn") if w.lang == "nl" else ("is" if n == 1 else "are"),
        "some": (("maar " + str(n)) if n else "geen") if w.lang == "nl" else (("only " + str(n)) if n else "none"),
    }


VIOLATIONS = {
    "nl": {
        ("availability", "unavailable"): "{who} is niet beschikbaar op {day} {blocks}, maar staat op {a}.",
        ("one_place", "listed_twice"): "{names} staat twee keer in de ploeg van {a}.",
        ("one_place", "two_places"): "{who} staat op {day} {blocks} op twee plaatsen: {others}.",
        ("domain", "other_domain"): "{who} werkt niet in {code}, maar staat op {a}.",
        ("staffing", "learners"): "{a} heeft {have} leerwerknemers, maar vraagt er {need} tot {most}.",
        ("staffing", "supervisors"): "{a} heeft {have} begeleider(s), maar vraagt er minstens {need}.",
        ("staffing", "mandatory"): "{a} is verplicht, maar heeft geen ploeg.",
        ("ratio", "too_many_learners"): "{a} heeft {have} leerwerknemers, maar de begeleiders mogen er samen "
                                        "maar {most} begeleiden.",
        ("qualification", "certificate"): "{a} vraagt {need} leerwerknemer(s) met attest {code}, de ploeg heeft "
                                          "er {have}.",
        ("qualification", "level"): "{who} heeft niveau {have} voor {code}, maar {a} vraagt minstens niveau {need}.",
        ("qualification", "restriction"): "{who} mag niet op {a}: {codes}.",
        ("conflict", "avoid"): "{names} mogen niet samen in een ploeg ({a}).",
        ("transport", "no_vehicle"): "{a} is op verplaatsing, maar de ploeg heeft geen wagen.",
        ("transport", "vehicle_on_site"): "{a} is ter plaatse, maar de ploeg heeft een wagen.",
        ("transport", "driver_not_in_crew"): "De chauffeur van {who} zit niet in de ploeg van {a}.",
        ("transport", "no_licence"): "{second} heeft geen rijbewijs {raw} en mag {who} niet rijden ({a}).",
        ("transport", "drives_two"): "{names} moet twee wagens tegelijk rijden ({a}).",
        ("transport", "seats"): "De wagens van {a} hebben {have} zitplaatsen voor een ploeg van {need}.",
        ("transport", "features"): "{a} vraagt een wagen met {codes}, maar de ploeg heeft er geen.",
        ("plan", "format"): "Het plan heeft een onbekend formaat ({raw}).",
        ("plan", "status"): "Het plan heeft een onbekende status ({raw}).",
        ("plan", "unknown_assignment"): "Er is een ploeg voor een onbekende opdracht ({a}).",
        ("plan", "staffed_twice"): "{a} heeft twee ploegen.",
        ("plan", "unknown_id"): "{a}: onbekende {kind} {who}.",
        ("day", "not_in_window"): "{a} kan niet op {who}.",
    },
    "en": {
        ("availability", "unavailable"): "{who} is not available on {day} {blocks} but is on {a}.",
        ("one_place", "listed_twice"): "{names} is listed twice in the crew of {a}.",
        ("one_place", "two_places"): "{who} is in two places on {day} {blocks}: {others}.",
        ("domain", "other_domain"): "{who} does not work in {code} but is on {a}.",
        ("staffing", "learners"): "{a} has {have} learners but needs {need} to {most}.",
        ("staffing", "supervisors"): "{a} has {have} supervisor(s) but needs at least {need}.",
        ("staffing", "mandatory"): "{a} is mandatory but has no crew.",
        ("ratio", "too_many_learners"): "{a} has {have} learners, but its supervisors may only supervise {most} "
                                        "together.",
        ("qualification", "certificate"): "{a} needs {need} learner(s) with certificate {code}; the crew has {have}.",
        ("qualification", "level"): "{who} has level {have} in {code}, but {a} needs at least level {need}.",
        ("qualification", "restriction"): "{who} may not work on {a}: {codes}.",
        ("conflict", "avoid"): "{names} must not be in the same crew ({a}).",
        ("transport", "no_vehicle"): "{a} is off-site, but the crew has no van.",
        ("transport", "vehicle_on_site"): "{a} is on site, but the crew has a van.",
        ("transport", "driver_not_in_crew"): "The driver of {who} is not in the crew of {a}.",
        ("transport", "no_licence"): "{second} has no {raw} licence and may not drive {who} ({a}).",
        ("transport", "drives_two"): "{names} would have to drive two vans at once ({a}).",
        ("transport", "seats"): "The vans of {a} have {have} seats for a crew of {need}.",
        ("transport", "features"): "{a} needs a van with {codes}, but the crew has none.",
        ("plan", "format"): "The plan has an unknown format ({raw}).",
        ("plan", "status"): "The plan has an unknown status ({raw}).",
        ("plan", "unknown_assignment"): "There is a crew for an unknown assignment ({a}).",
        ("plan", "staffed_twice"): "{a} has two crews.",
        ("plan", "unknown_id"): "{a}: unknown {kind} {who}.",
        ("day", "not_in_window"): "{a} cannot happen on {who}.",
    },
}

REASONS = {
    "nl": {
        ("one_place", "needed_elsewhere"): "{a}: de {kinds} die het kunnen, zijn op {day} al nodig op andere "
                                           "verplichte opdrachten.",
        ("staffing", "learners_elsewhere"): "{a} vraagt minstens {need} leerwerknemers, maar de geschikte "
                                            "leerwerknemers van {code} zijn dan al nodig op andere verplichte "
                                            "opdrachten.",
        ("staffing", "learners_few"): "{a} vraagt minstens {need} leerwerknemers, maar er {is} er maar {have} van "
                                      "{code} die dan aanwezig en geschikt {is}.",
        ("staffing", "supervisors_few"): "{a} vraagt {need} begeleider(s), maar er {is} er maar {have} van {code} "
                                         "aanwezig.",
        ("ratio", "too_few_supervisors"): "{a}: er zijn niet genoeg begeleiders om zoveel leerwerknemers te "
                                          "begeleiden.",
        ("qualification", "certificate_elsewhere"): "{a} vraagt {need} leerwerknemer(s) met attest {code}, maar "
                                                    "wie dat attest heeft, is dan al nodig op andere verplichte "
                                                    "opdrachten.",
        ("qualification", "certificate_few"): "{a} vraagt {need} leerwerknemer(s) met attest {code}, maar er {is} "
                                              "er {some} van {second_code} die dan aanwezig en geschikt {is}.",
        ("transport", "feature_none"): "{a} vraagt een wagen met {code}, maar er is dan geen enkele vrij.",
        ("transport", "feature_no_licence"): "{a} vraagt een wagen met {code}, maar geen enkele aanwezige van "
                                             "{second_code} heeft rijbewijs {licences}.",
        ("transport", "feature_drivers_elsewhere"): "{a} vraagt een wagen met {code}, maar wie rijbewijs "
                                                    "{licences} heeft, is al elders verplicht nodig.",
        ("transport", "feature_elsewhere"): "{a} vraagt een wagen met {code}, maar die is dan al elders verplicht "
                                            "nodig.",
        ("transport", "no_vehicle"): "{a} is op verplaatsing, maar er is dan geen wagen beschikbaar.",
        ("transport", "no_driver"): "{a} is op verplaatsing, maar er is geen wagen met een chauffeur uit de ploeg "
                                    "beschikbaar.",
        ("transport", "seats"): "{a}: de beschikbare wagens hebben te weinig zitplaatsen voor de ploeg.",
        ("transport", "no_licence"): "{a} is op verplaatsing, maar niemand in de mogelijke ploeg heeft rijbewijs "
                                     "{licences}.",
        ("pin", ""): "{a}: de vastgezette keuze ({pin}) laat dit niet toe.",
        ("together", ""): "Deze verplichte opdrachten kunnen niet allemaal tegelijk bemand worden, want er zijn te "
                          "weinig geschikte {kinds}: {list}.",
        ("unstaffable", ""): "{a} kan met de aanwezige mensen en wagens niet bemand worden.",
        ("stopped", ""): "De berekening is gestopt voordat er voor {day} een geldig plan was (het beste plan "
                         "bemant {have} van de {need} verplichte opdrachten); er is ook niet bewezen dat er geen "
                         "bestaat.",
        ("no_plan_in_time", "week"): "Binnen de tijd is voor de week geen geldig plan gevonden (het beste plan "
                                     "bemant {have} van de {need} verplichte opdrachten), maar ook niet bewezen dat "
                                     "er geen bestaat. Geef de planner meer tijd.",
        ("stopped", "week"): "De berekening is gestopt voordat er een geldig plan voor de week was (het beste plan "
                             "bemant {have} van de {need} verplichte opdrachten); er is ook niet bewezen dat er geen "
                             "bestaat.",
        ("no_plan_in_time", ""): "Binnen de tijd is voor {day} geen geldig plan gevonden (het beste plan bemant "
                                 "{have} van de {need} verplichte opdrachten), maar ook niet bewezen dat er geen "
                                 "bestaat. Geef de planner meer tijd.",
    },
    "en": {
        ("one_place", "needed_elsewhere"): "{a}: the {kinds} who could do it are needed on other mandatory "
                                           "assignments on {day}.",
        ("staffing", "learners_elsewhere"): "{a} needs at least {need} learners, but the suitable learners of "
                                            "{code} are needed on other mandatory assignments then.",
        ("staffing", "learners_few"): "{a} needs at least {need} learners, but only {have} of {code} {is} present "
                                      "and suitable then.",
        ("staffing", "supervisors_few"): "{a} needs {need} supervisor(s), but only {have} of {code} {is} present.",
        ("ratio", "too_few_supervisors"): "{a}: there are not enough supervisors for that many learners.",
        ("qualification", "certificate_elsewhere"): "{a} needs {need} learner(s) with certificate {code}, but "
                                                    "those who hold it are needed on other mandatory assignments "
                                                    "then.",
        ("qualification", "certificate_few"): "{a} needs {need} learner(s) with certificate {code}, but {some} "
                                              "of {second_code} {is} present and suitable then.",
        ("transport", "feature_none"): "{a} needs a van with {code}, but none is free then.",
        ("transport", "feature_no_licence"): "{a} needs a van with {code}, but nobody present of {second_code} "
                                             "holds licence {licences}.",
        ("transport", "feature_drivers_elsewhere"): "{a} needs a van with {code}, but those with licence "
                                                    "{licences} are needed elsewhere.",
        ("transport", "feature_elsewhere"): "{a} needs a van with {code}, but it is needed elsewhere then.",
        ("transport", "no_vehicle"): "{a} is off-site, but no van is available then.",
        ("transport", "no_driver"): "{a} is off-site, but no van with a driver from the crew is available.",
        ("transport", "seats"): "{a}: the available vans have too few seats for the crew.",
        ("transport", "no_licence"): "{a} is off-site, but nobody in the possible crew holds licence {licences}.",
        ("pin", ""): "{a}: the pinned choice ({pin}) does not allow this.",
        ("together", ""): "These mandatory assignments cannot all be staffed at once: there are too few suitable "
                          "{kinds}: {list}.",
        ("unstaffable", ""): "{a} cannot be staffed with the people and vans present.",
        ("stopped", ""): "The search stopped before a valid plan for {day} was found (the best plan staffs {have} "
                         "of the {need} mandatory assignments); nor was it proven that none exists.",
        ("no_plan_in_time", "week"): "No valid plan for the week was found in time (the best plan staffs {have} of "
                                     "the {need} mandatory assignments), nor was it proven that none exists. Give "
                                     "the planner more time.",
        ("stopped", "week"): "The search stopped before a valid plan for the week was found (the best plan staffs "
                             "{have} of the {need} mandatory assignments); nor was it proven that none exists.",
        ("no_plan_in_time", ""): "No valid plan for {day} was found in time (the best plan staffs {have} of the "
                                 "{need} mandatory assignments), nor was it proven that none exists. Give the "
                                 "planner more time.",
    },
}

FIT = {
    "nl": {"goal": "oefent {code}", "certificate": "heeft attest {code}", "drives": "heeft {raw}: kan {what} rijden",
           "breaks": "breekt regel {rule}: {violation}", "leaves": "verlaat {list}"},
    "en": {"goal": "practises {code}", "certificate": "holds certificate {code}",
           "drives": "holds {raw}: can drive {what}", "breaks": "breaks rule {rule}: {violation}",
           "leaves": "leaves {list}"},
}

MOVES = {
    "nl": {"dropped": "{who} valt weg uit {before}.", "added": "{who} komt erbij op {after}.",
           "moved": "{who} gaat van {before} naar {after}."},
    "en": {"dropped": "{who} is dropped from {before}.", "added": "{who} is added to {after}.",
           "moved": "{who} moves from {before} to {after}."},
}

PIN_CONFLICTS = {
    "nl": {"mandatory": "{a} is verplicht en kan niet onbemand blijven (regel bemanning).",
           "refused": "{who} kan niet op {a}: regel {rules}.",
           "vehicle": "{who} kan niet mee met {a}: regel {rules}.",
           "driver": "{driver} kan {who} niet rijden op {a}: regel {rules}.",
           "together": "De vastgezette keuze op {a} kan niet samen met de andere vastgezette keuzes of de regels.",
           "day": "{a} kan niet op {day} (regel dag).",
           "fixed": "{a} lag al vast voor de dag vanaf waar opnieuw gepland wordt."},
    "en": {"mandatory": "{a} is mandatory and cannot stay unstaffed (rule staffing).",
           "refused": "{who} cannot work on {a}: rule {rules}.",
           "vehicle": "{who} cannot go with {a}: rule {rules}.",
           "driver": "{driver} cannot drive {who} on {a}: rule {rules}.",
           "together": "The pinned choice on {a} clashes with the other pinned choices or the rules.",
           "day": "{a} cannot happen on {day} (rule day).",
           "fixed": "{a} was planned before the replanning day and stays as it was."},
}


def pin_label(pin, w: _Words) -> str:
    """A pin in words: who or what is pinned (``unstaffed`` for "leave unstaffed")."""
    if pin is None:
        return ""
    if pin.unstaffed:
        return "onbemand" if w.lang == "nl" else "unstaffed"
    who = w.name(pin.learner or pin.supervisor or pin.vehicle)
    if pin.driver:
        who += (" met chauffeur " if w.lang == "nl" else " driven by ") + w.name(pin.driver)
    return who


def text(finding, problem: "Problem | None" = None, lang: str = "nl") -> str:
    """One finding (violation, reason, fit reason, score line, move, pin conflict) as a sentence."""
    from .model import Move, PinConflict
    lang = lang if lang in LANGUAGES else "nl"
    w = _Words(problem, lang)
    if isinstance(finding, Violation):
        template = VIOLATIONS[lang].get((finding.rule, finding.detail))
        values = _values(finding, w)
        if template is None:
            return f"{rule_name(finding.rule, lang)}: {values['a']}"
        return template.format(**values)
    if isinstance(finding, Reason):
        template = REASONS[lang].get((finding.rule, finding.detail)) or "{a}: " + rule_name(finding.rule, lang)
        return template.format(**_values(finding, w), pin=pin_label(finding.pin, w))
    if isinstance(finding, FitReason):
        values = _values(finding, w)
        if finding.rule == "drives":
            features = finding.codes[1:]
            what = ("de " if lang == "nl" else "the ") + w.join([word(f, lang) for f in features]) if features \
                else ("een wagen" if lang == "nl" else "a van")
            return FIT[lang]["drives"].format(**values, what=what)
        violation = text(finding.violation, problem, lang) if finding.violation else ""
        rule = rule_name(finding.violation.rule, lang) if finding.violation else ""
        return FIT[lang][finding.rule].format(**values, violation=violation, rule=rule)
    if isinstance(finding, ScoreLine):
        return f"{level_name(finding.level, lang)}: {finding.value}"
    if isinstance(finding, Move):
        def on_days(aids, days):  # a week's move names the day of each assignment
            if not days or problem is None:
                return w.assignments(aids)
            return w.join([assignment_label(problem.assignment[x].on(d), lang) if x in problem.assignment and d
                           else x for x, d in zip(aids, days)])
        return MOVES[lang][finding.rule].format(who=w.name(finding.person),
                                                before=on_days(finding.before, finding.days_before),
                                                after=on_days(finding.after, finding.days_after))
    if isinstance(finding, PinConflict):
        pin = finding.pin
        return PIN_CONFLICTS[lang][finding.rule].format(
            a=w.assignment(pin.assignment), who=w.name(pin.learner or pin.supervisor or pin.vehicle),
            driver=w.name(pin.driver), rules=w.rules(finding.refused),
            day=day_label(pin.day, lang) if pin.day else "")
    from .weekexplain import WeekReason
    if isinstance(finding, WeekReason):
        return week_reason(problem, finding, lang)
    raise TypeError(f"not a finding: {finding!r}")


# ---------------------------------------------------------------- the week's reasons (weekexplain.WeekReason)

_WEEK_PARTS = {
    "nl": {"min_learners": "te weinig geschikte leerwerknemers", "min_supervisors": "te weinig begeleiders",
           "driver": "geen chauffeur met het juiste rijbewijs", "vehicle": "geen wagen",
           "seats": "te weinig zitplaatsen", "window_passed": "de dagen waarop het kan, liggen al vast"},
    "en": {"min_learners": "too few suitable learners", "min_supervisors": "too few supervisors",
           "driver": "no driver with the right licence", "vehicle": "no van", "seats": "too few seats",
           "window_passed": "its days are already fixed"},
}


def _week_part(detail: str | None, lang: str) -> str:
    if detail is None:
        return ""
    if detail.startswith("feature:"):
        return ("wagen met " if lang == "nl" else "van with ") + word(detail[8:], lang)
    if ":" in detail:  # one_place: kind:block
        kind, block = detail.split(":", 1)
        kinds = {"nl": {"learner": "leerwerknemers", "supervisor": "begeleiders", "vehicle": "wagens"},
                 "en": {"learner": "learners", "supervisor": "supervisors", "vehicle": "vans"}}[lang]
        busy = " al bezet" if lang == "nl" else " already busy"
        return f"{kinds.get(kind, kind)}{busy} ({block_label(block, lang)})"
    return _WEEK_PARTS[lang].get(detail, ("attest " if lang == "nl" else "certificate ") + word(detail, lang))


def week_reason(problem: "Problem | None", f, lang: str = "nl") -> str:
    """The finding as a sentence, in Dutch (default) or English."""
    rule = rule_name(f.rule, lang)
    part = _week_part(f.detail, lang)
    tail = (f" ({part})." if part else ".")
    a = problem.assignment.get(f.assignment) if problem is not None and f.assignment else None
    when = day_label(f.day, lang) if f.day else ""
    name = (assignment_label(a.on(f.day) if f.day else a, lang) if a is not None else (f.assignment or ""))
    nl = lang == "nl"
    if not f.assignment:
        return (f"Op {when}: regel {rule}" if nl else f"On {when}: rule {rule}") + tail
    if f.nowhere:
        day = when or ("geen dag" if nl else "no day")
        return (f"{name} past op geen enkele van zijn dagen; op {day}: regel {rule}" if nl else
                f"{name} fits on none of its days; on {day}: rule {rule}") + tail
    if f.rule == "mandatory":
        return (f"{name} is verplicht en moet op één van zijn dagen bemand worden." if nl else
                f"{name} is mandatory and must be staffed on one of its days.")
    return f"{name}: {'regel' if nl else 'rule'} {rule}" + tail


def texts(findings: Iterable, problem: "Problem | None" = None, lang: str = "nl") -> list[str]:
    """:func:`text` of each finding."""
    return [text(f, problem, lang) for f in findings]
