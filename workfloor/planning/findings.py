"""The engine's findings in the reader's language: every sentence a supervisor reads about a plan.

The engine returns findings as data (``scheduling.findings``, ``Move``, ``PinConflict``) with
ids; this module says them through Flask-Babel (Dutch msgids, English in the catalogue),
naming people, vans, assignments (with site, day and blocks) and competencies. Findings stored
as JSON (a job's result, a day plan's explanation, the history) render here again for each reader.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

import scheduling
from scheduling import FitReason, Move, PinConflict, Reason, ScoreLine, Violation
from scheduling.weekexplain import WeekReason
from workfloor.extensions import db
from workfloor.framework.names import competency_name
from workfloor.planning.problem import parse_key
from workfloor.planning.text import _, english, rule_label, word

BLOCKS = {"am": _l("vm"), "pm": _l("nm")}
KINDS = {"learner": _l("leerwerknemers"), "supervisor": _l("begeleiders"), "vehicle": _l("wagens")}
KIND = {"learner": _l("leerwerknemer"), "supervisor": _l("begeleider"), "vehicle": _l("wagen")}

VIOLATIONS = {
    ("availability", "unavailable"): _l("%(who)s is niet beschikbaar op %(day)s %(blocks)s, maar staat op %(a)s."),
    ("one_place", "listed_twice"): _l("%(names)s staat twee keer in de ploeg van %(a)s."),
    ("one_place", "two_places"): _l("%(who)s staat op %(day)s %(blocks)s op twee plaatsen: %(others)s."),
    ("domain", "other_domain"): _l("%(who)s werkt niet in %(code)s, maar staat op %(a)s."),
    ("staffing", "learners"): _l("%(a)s heeft %(have)s leerwerknemers, maar vraagt er %(need)s tot %(most)s."),
    ("staffing", "supervisors"): _l("%(a)s heeft %(have)s begeleider(s), maar vraagt er minstens %(need)s."),
    ("staffing", "mandatory"): _l("%(a)s is verplicht, maar heeft geen ploeg."),
    ("ratio", "too_many_learners"): _l("%(a)s heeft %(have)s leerwerknemers, maar de begeleiders mogen er samen "
                                       "maar %(most)s begeleiden."),
    ("qualification", "certificate"): _l("%(a)s vraagt %(need)s leerwerknemer(s) met attest %(code)s, de ploeg "
                                         "heeft er %(have)s."),
    ("qualification", "level"): _l("%(who)s heeft niveau %(have)s voor %(code)s, maar %(a)s vraagt minstens "
                                   "niveau %(need)s."),
    ("qualification", "restriction"): _l("%(who)s mag niet op %(a)s: %(codes)s."),
    ("conflict", "avoid"): _l("%(names)s mogen niet samen in een ploeg (%(a)s)."),
    ("transport", "no_vehicle"): _l("%(a)s is op verplaatsing, maar de ploeg heeft geen wagen."),
    ("transport", "vehicle_on_site"): _l("%(a)s is ter plaatse, maar de ploeg heeft een wagen."),
    ("transport", "driver_not_in_crew"): _l("De chauffeur van %(who)s zit niet in de ploeg van %(a)s."),
    ("transport", "no_licence"): _l("%(second)s heeft geen rijbewijs %(raw)s en mag %(who)s niet rijden (%(a)s)."),
    ("transport", "drives_two"): _l("%(names)s moet twee wagens tegelijk rijden (%(a)s)."),
    ("transport", "seats"): _l("De wagens van %(a)s hebben %(have)s zitplaatsen voor een ploeg van %(need)s."),
    ("transport", "features"): _l("%(a)s vraagt een wagen met %(codes)s, maar de ploeg heeft er geen."),
    ("plan", "unknown_assignment"): _l("Er is een ploeg voor een onbekende opdracht."),
    ("plan", "staffed_twice"): _l("%(a)s heeft twee ploegen."),
    ("plan", "unknown_id"): _l("%(a)s: iemand die niet (meer) op deze werkvloer staat."),
    ("day", "not_in_window"): _l("%(a)s kan niet op %(on_day)s: die dag valt buiten de dagen waarop het mag."),
}

REASONS = {
    ("one_place", "needed_elsewhere"): _l("%(a)s: de %(kinds)s die het kunnen, zijn op %(day)s al nodig op andere "
                                          "verplichte opdrachten."),
    ("staffing", "learners_elsewhere"): _l("%(a)s vraagt minstens %(need)s leerwerknemers, maar de geschikte "
                                           "leerwerknemers van %(code)s zijn dan al nodig op andere verplichte "
                                           "opdrachten."),
    ("staffing", "learners_few"): _l("%(a)s vraagt minstens %(need)s leerwerknemers, maar er zijn er maar "
                                     "%(have)s van %(code)s die dan aanwezig en geschikt zijn."),
    ("staffing", "supervisors_few"): _l("%(a)s vraagt %(need)s begeleider(s), maar er zijn er maar %(have)s van "
                                        "%(code)s aanwezig."),
    ("ratio", "too_few_supervisors"): _l("%(a)s: er zijn niet genoeg begeleiders om zoveel leerwerknemers te "
                                         "begeleiden."),
    ("qualification", "certificate_elsewhere"): _l("%(a)s vraagt %(need)s leerwerknemer(s) met attest %(code)s, "
                                                   "maar wie dat attest heeft, is dan al nodig op andere verplichte "
                                                   "opdrachten."),
    ("qualification", "certificate_few"): _l("%(a)s vraagt %(need)s leerwerknemer(s) met attest %(code)s, maar "
                                             "er zijn er maar %(have)s van %(second_code)s die dan aanwezig en "
                                             "geschikt zijn."),
    ("transport", "feature_none"): _l("%(a)s vraagt een wagen met %(code)s, maar er is dan geen enkele vrij."),
    ("transport", "feature_no_licence"): _l("%(a)s vraagt een wagen met %(code)s, maar geen enkele aanwezige van "
                                            "%(second_code)s heeft rijbewijs %(licences)s."),
    ("transport", "feature_drivers_elsewhere"): _l("%(a)s vraagt een wagen met %(code)s, maar wie rijbewijs "
                                                   "%(licences)s heeft, is al elders verplicht nodig."),
    ("transport", "feature_elsewhere"): _l("%(a)s vraagt een wagen met %(code)s, maar die is dan al elders "
                                           "verplicht nodig."),
    ("transport", "no_vehicle"): _l("%(a)s is op verplaatsing, maar er is dan geen wagen beschikbaar."),
    ("transport", "no_driver"): _l("%(a)s is op verplaatsing, maar er is geen wagen met een chauffeur uit de "
                                   "ploeg beschikbaar."),
    ("transport", "seats"): _l("%(a)s: de beschikbare wagens hebben te weinig zitplaatsen voor de ploeg."),
    ("transport", "no_licence"): _l("%(a)s is op verplaatsing, maar niemand in de mogelijke ploeg heeft "
                                    "rijbewijs %(licences)s."),
    ("pin", ""): _l("%(a)s: een vastgezette keuze (%(pin)s) laat dit niet toe."),
    ("together", ""): _l("Deze verplichte opdrachten kunnen niet allemaal tegelijk bemand worden, want er zijn te "
                         "weinig geschikte %(kinds)s: %(list)s."),
    ("unstaffable", ""): _l("%(a)s kan met de aanwezige mensen en wagens niet bemand worden."),
    ("stopped", ""): _l("De berekening is gestopt voordat er voor %(day)s een geldig plan was (het beste plan "
                        "bemant %(have)s van de %(need)s verplichte opdrachten); er is ook niet bewezen dat er "
                        "geen bestaat."),
    ("no_plan_in_time", ""): _l("Binnen de tijd is voor %(day)s geen geldig plan gevonden (het beste plan bemant "
                                "%(have)s van de %(need)s verplichte opdrachten), maar ook niet bewezen dat er geen "
                                "bestaat. Geef de planner meer tijd."),
    ("stopped", "week"): _l("De berekening is gestopt voordat er een geldig plan voor de week was (het beste plan "
                            "bemant %(have)s van de %(need)s verplichte opdrachten); er is ook niet bewezen dat er "
                            "geen bestaat."),
    ("no_plan_in_time", "week"): _l("Binnen de tijd is voor de week geen geldig plan gevonden (het beste plan "
                                    "bemant %(have)s van de %(need)s verplichte opdrachten), maar ook niet bewezen "
                                    "dat er geen bestaat. Geef de planner meer tijd."),
}

# Why a week cannot be planned (``scheduling.weekexplain.WeekReason``): the sentence, then the rule's part.
WEEK_REASONS = {
    "nowhere": _l("%(a)s past op geen enkele van zijn dagen; op %(day)s: regel %(rule)s%(part)s."),
    "mandatory": _l("%(a)s is verplicht en moet op één van zijn dagen bemand worden."),
    "assignment": _l("%(a)s: regel %(rule)s%(part)s."),
    "day": _l("Op %(day)s: regel %(rule)s%(part)s."),
}
WEEK_PARTS = {"min_learners": _l("te weinig geschikte leerwerknemers"), "min_supervisors": _l("te weinig begeleiders"),
              "driver": _l("geen chauffeur met het juiste rijbewijs"), "vehicle": _l("geen wagen"),
              "seats": _l("te weinig zitplaatsen"), "window_passed": _l("de dagen waarop het kan, liggen al vast"),
              "feature": _l("wagen met %(code)s"), "busy": _l("%(kinds)s al bezet (%(blocks)s)"),
              "certificate": _l("attest %(code)s")}

FIT = {
    "goal": _l("oefent doel %(code)s"),
    "certificate": _l("heeft attest %(code)s, nodig hier"),
    "drives": _l("heeft rijbewijs %(raw)s: kan %(what)s rijden"),
    "breaks": _l("breekt regel %(rule)s: %(violation)s"),
    "leaves": _l("verlaat %(list)s"),
}

MOVES = {
    "dropped": _l("%(who)s valt weg uit %(before)s."),
    "added": _l("%(who)s komt erbij op %(after)s."),
    "moved": _l("%(who)s gaat van %(before)s naar %(after)s."),
}

PIN_CONFLICTS = {
    "mandatory": _l("%(a)s is verplicht en kan niet onbemand blijven."),
    "refused": _l("%(who)s kan niet op %(a)s: regel %(rules)s."),
    "vehicle": _l("%(who)s kan niet mee met %(a)s: regel %(rules)s."),
    "driver": _l("%(driver)s kan %(who)s niet rijden op %(a)s: regel %(rules)s."),
    "together": _l("De vastgezette keuze op %(a)s kan niet samen met de andere vastgezette keuzes of de regels."),
    "day": _l("%(a)s kan niet op %(day)s: die dag valt buiten de dagen waarop het mag."),
    "fixed": _l("%(a)s lag al vast voor de dag vanaf waar opnieuw gepland wordt en blijft zoals het was."),
}


def day_label(day: str | date | None) -> str:
    """``ma 7/12`` or ``Mon 7/12``, in the reader's language."""
    from flask_babel import format_date
    if day is None:
        return ""
    try:
        d = day if isinstance(day, date) else date.fromisoformat(day)
    except (TypeError, ValueError):
        return str(day)
    from flask import has_request_context
    if not has_request_context():
        return scheduling.day_nl(d.isoformat())
    return f"{format_date(d, 'EEE').rstrip('.')} {d.day}/{d.month}"


def blocks_label(blocks: Iterable[str]) -> str:
    return "+".join(str(BLOCKS.get(b, b)) for b in blocks)


class Names:
    """What the engine's ids stand for, as the reader calls them: people, vans, assignments, competencies.

    Built from a loaded problem (every name it holds) and completed from the database for ids that
    are no longer on the board (a stored job result, an old history line).
    """

    def __init__(self, people: dict[str, str] | None = None, assignments: dict[str, tuple] | None = None,
                 competencies: dict[str, str] | None = None):
        self.people = dict(people or {})  # learner, supervisor and vehicle keys -> name
        self.assignments = dict(assignments or {})  # key -> (name, site, day, blocks)
        self._competencies = competencies

    @classmethod
    def of_problem(cls, problem: scheduling.Problem) -> "Names":
        people = {x.id: x.name for x in problem.learners + problem.supervisors + problem.vehicles}
        assignments = {a.id: (a.name, a.site, a.day, a.blocks) for a in problem.assignments}
        return cls(people, assignments)

    def complete(self, keys: Iterable[str]) -> "Names":
        """Look up the names of keys not known yet (one query per kind)."""
        from workfloor.models import Assignment, Learner, Person, Supervisor, Vehicle
        wanted: dict[str, set[int]] = {"learner": set(), "supervisor": set(), "vehicle": set(), "assignment": set()}
        for k in keys:
            if not k or k in self.people or k in self.assignments:
                continue
            try:
                kind, number = parse_key(k)
            except ValueError:
                continue
            wanted[kind].add(number)
        if wanted["learner"]:
            self.people |= {f"L{i}": f"{first} {last}".strip() for i, first, last in db.session.execute(
                select(Learner.id, Person.first_name, Person.last_name).join(Learner.person)
                .where(Learner.id.in_(wanted["learner"])))}
        if wanted["supervisor"]:
            self.people |= {f"S{i}": f"{first} {last}".strip() for i, first, last in db.session.execute(
                select(Supervisor.id, Person.first_name, Person.last_name).join(Supervisor.person)
                .where(Supervisor.id.in_(wanted["supervisor"])))}
        if wanted["vehicle"]:
            self.people |= {f"V{i}": name for i, name in db.session.execute(
                select(Vehicle.id, Vehicle.name).where(Vehicle.id.in_(wanted["vehicle"])))}
        if wanted["assignment"]:
            for a in db.session.execute(select(Assignment).where(Assignment.id.in_(wanted["assignment"]))
                                        .options(joinedload(Assignment.site))).scalars():
                blocks = tuple(b for b, on in (("am", a.morning), ("pm", a.afternoon)) if on)
                self.assignments[f"A{a.id}"] = (a.name, a.site.name, a.day.isoformat(), blocks)
        return self

    def person(self, key: str | None) -> str:
        return self.people.get(key or "", _("iemand"))

    def assignment(self, key: str | None, on: str | None = None) -> str:
        """The assignment by name, site, day and blocks; ``on``: the day a flexible one is planned on."""
        found = self.assignments.get(key or "")
        if found is None:
            return _("een opdracht die er niet meer is")
        name, site, day, blocks = found
        return _("%(name)s (%(site)s, %(day)s %(blocks)s)", name=name, site=site, day=day_label(on or day),
                 blocks=blocks_label(blocks))

    def competency(self, code: str) -> str:
        if self._competencies is None:
            from workfloor.assignments.forms import competency_names
            self._competencies = competency_names()
        return competency_name(code, self._competencies)

    def word(self, code: str) -> str:
        """A domain, certificate, restriction, feature or competency code."""
        return self.competency(code) if "." in code else word(code)


def _join(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else _("%(first)s en %(last)s", first=", ".join(items[:-1]), last=items[-1])


def _values(f: Any, n: Names) -> dict[str, Any]:
    g = lambda name, default=None: getattr(f, name, default)  # noqa: E731
    subjects = tuple(g("subjects", ()) or ())
    codes = tuple(g("codes", ()) or ())
    return {
        "a": n.assignment(g("assignment")), "who": n.person(subjects[0]) if subjects else _("iemand"),
        "names": _join([n.person(s) for s in subjects]) or _("Iemand"),
        "second": n.person(subjects[1]) if len(subjects) > 1 else _("iemand"),
        "day": day_label(g("day")), "blocks": blocks_label(g("blocks", ()) or ()),
        "have": g("have"), "need": g("need"), "most": g("most"),
        "code": n.word(codes[0]) if codes else "", "codes": ", ".join(n.word(c) for c in codes),
        "raw": codes[0] if codes else "", "second_code": n.word(codes[1]) if len(codes) > 1 else "",
        "others": _join([n.assignment(a) for a in g("others", ()) or ()]),
        "list": "; ".join(n.assignment(a) for a in g("assignments", ()) or ()),
        "kinds": _join([str(KINDS[k]) for k in g("kinds", ()) or () if k in KINDS]),
        "licences": _(" of ").join(g("licences", ()) or ()) or "B",
        "on_day": day_label(subjects[0]) if subjects else "",
    }


def _week_part(detail: str | None, n: Names) -> str:
    """Which part of the rule blocks a week (``WeekReason.detail``), in words."""
    if not detail:
        return ""
    if detail.startswith("feature:"):
        return str(WEEK_PARTS["feature"]) % {"code": n.word(detail[len("feature:"):])}
    if ":" in detail:  # one place at a time: "learner:am"
        kind, block = detail.split(":", 1)
        return str(WEEK_PARTS["busy"]) % {"kinds": str(KINDS.get(kind, kind)), "blocks": blocks_label([block])}
    if detail in WEEK_PARTS:
        return str(WEEK_PARTS[detail])
    return str(WEEK_PARTS["certificate"]) % {"code": n.word(detail)}


def _say_week(f: WeekReason, n: Names) -> str:
    part = _week_part(f.detail, n)
    values = {"a": n.assignment(f.assignment, on=f.day), "day": day_label(f.day) if f.day else _("geen dag"),
              "rule": rule_label(f.rule), "part": f" ({part})" if part else ""}
    if f.assignment and f.nowhere:
        return str(WEEK_REASONS["nowhere"]) % values
    if f.assignment and f.rule == "mandatory":
        return str(WEEK_REASONS["mandatory"]) % values
    return str(WEEK_REASONS["assignment" if f.assignment else "day"]) % values


def _pin_words(pin, n: Names) -> str:
    if pin is None:
        return ""
    if pin.unstaffed:
        return _("onbemand laten")
    who = n.person(pin.learner or pin.supervisor or pin.vehicle)
    return _("%(van)s met chauffeur %(driver)s", van=who, driver=n.person(pin.driver)) if pin.driver else who


def say(finding: Any, names: Names) -> str:
    """One finding of the engine as a sentence in the reader's language."""
    if isinstance(finding, WeekReason):
        return _say_week(finding, names)
    if isinstance(finding, Violation):
        template = VIOLATIONS.get((finding.rule, finding.detail))
        if template is None:
            return _("Regel %(rule)s is niet gerespecteerd.", rule=rule_label(finding.rule))
        return str(template) % _values(finding, names)
    if isinstance(finding, Reason):
        template = REASONS.get((finding.rule, finding.detail))
        if template is None:
            return _("%(a)s: regel %(rule)s laat dit niet toe.", a=names.assignment(finding.assignment),
                     rule=rule_label(finding.rule))
        return str(template) % {**_values(finding, names), "pin": _pin_words(finding.pin, names)}
    if isinstance(finding, FitReason):
        values = _values(finding, names)
        if finding.rule == "drives":
            features = [names.word(c) for c in finding.codes[1:]]
            values["what"] = _("de %(features)s", features=_join(features)) if features else _("een wagen")
        if finding.violation is not None:
            values["violation"] = say(finding.violation, names)
            values["rule"] = rule_label(finding.violation.rule)
        return str(FIT[finding.rule]) % values
    if isinstance(finding, ScoreLine):
        from workfloor.planning.text import LEVELS
        return f"{LEVELS[finding.level] if finding.level in LEVELS else finding.level}: {finding.value}"
    if isinstance(finding, Move):
        return str(MOVES[finding.rule]) % {
            "who": names.person(finding.person), "before": _join([names.assignment(a) for a in finding.before]),
            "after": _join([names.assignment(a) for a in finding.after])}
    if isinstance(finding, PinConflict):
        pin = finding.pin
        return str(PIN_CONFLICTS[finding.rule]) % {
            "a": names.assignment(pin.assignment), "day": day_label(pin.day) if pin.day else "",
            "who": names.person(pin.learner or pin.supervisor or pin.vehicle),
            "driver": names.person(pin.driver), "rules": ", ".join(rule_label(r) for r in finding.refused)}
    raise TypeError(f"not a finding: {finding!r}")


# ------------------------------------------------------------------ findings stored as JSON

def keys_in(findings: Iterable[Any]) -> set[str]:
    """Every engine id a list of findings mentions (to complete ``Names`` in one go)."""
    out: set[str] = set()
    for f in findings:
        for name in ("assignment", "person", "vehicle"):
            value = getattr(f, name, None)
            if isinstance(value, str):
                out.add(value)
        for name in ("subjects", "others", "assignments", "before", "after"):
            out |= set(getattr(f, name, ()) or ())
        pin = getattr(f, "pin", None)
        if pin is not None:
            out |= {x for x in (pin.assignment, pin.learner, pin.supervisor, pin.vehicle, pin.driver) if x}
        violation = getattr(f, "violation", None)
        if violation is not None:
            out |= keys_in([violation])
    return out


def violation_of(data: dict) -> Violation | None:
    try:
        return Violation.from_json(data)
    except (TypeError, ValueError):
        return None


def reason_of(data: Any) -> Reason | None:
    """A stored explanation entry: a Reason as JSON (old rows hold Dutch text: None)."""
    if not isinstance(data, dict):
        return None
    try:
        return Reason.from_json(data)
    except (TypeError, ValueError, KeyError, scheduling.ProblemError):
        return None


def week_reason_of(data: Any) -> WeekReason | None:
    """A stored week finding (``plan.findings`` as JSON)."""
    if not isinstance(data, dict) or not isinstance(data.get("rule"), str):
        return None
    return WeekReason(data["rule"], data.get("assignment"), data.get("day"), data.get("detail"),
                      bool(data.get("nowhere")))


def move_of(data: dict) -> Move | None:
    if not isinstance(data, dict) or "person" not in data:
        return None
    return Move(data["person"], tuple(data.get("from") or ()), tuple(data.get("to") or ()))


def pin_conflict_of(data: dict) -> PinConflict | None:
    try:
        pin = scheduling.pins_from_json({"pins": [data["pin"]]})[0]
    except (KeyError, TypeError, scheduling.ProblemError):
        return None
    return PinConflict(pin, data.get("rule", "together"), tuple(data.get("refused") or ()))


def say_stored(items: Iterable[Any], reader, names: Names | None = None, fallback: str = "message_nl") -> list[str]:
    """Stored findings (JSON) in the reader's language; old rows that hold text show that text.

    ``reader`` turns one JSON item into a finding (or None for an old text row).
    """
    items = list(items or [])
    findings = [reader(item) for item in items]
    names = (names or Names()).complete(keys_in([f for f in findings if f is not None]))
    out = []
    for item, finding in zip(items, findings):
        if finding is not None:
            out.append(say(finding, names))
        elif isinstance(item, dict):
            out.append((item.get("message") if english() else None) or item.get(fallback) or "")
        else:
            out.append(str(item))
    return out
