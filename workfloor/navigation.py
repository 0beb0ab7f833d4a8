"""The main menu: which sections each role sees, grouped so a tablet shows one row."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from workfloor.vocabulary import Role

C, S, T, L = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR, Role.LEARNER

# (section label, ((endpoint, label, roles), ...)). A section left with one item for a
# role becomes a plain link; endpoints whose blueprint is not registered are left out.
MENU = (
    (_l("Planning"), (
        ("planning.board", _l("Planbord"), (C, S)),
        ("assignments.index", _l("Opdrachten"), (C, S)),
        ("availability.overview", _l("Beschikbaarheid"), (C, S, T)),
        ("absences.index", _l("Afwezigheden"), (C, S, T)),
        ("schedule.crew_sheets", _l("Ploegenbladen"), (C, S)),
    )),
    (_l("Opvolging"), (
        ("progress.index", _l("Caseload en voortgang"), (C, S, T)),
        ("attendance.index", _l("Aanwezigheden"), (C, S)),
        ("assessments.index", _l("Beoordelen"), (C, S, T)),
        ("goals.index", _l("Ontwikkelingsdoelen"), (C, S, T)),
        ("trajectory.city", _l("Rapport voor de stad"), (C, S, T)),
        ("trajectory.employers", _l("Werkgevers"), (C, T)),
    )),
    (None, (
        ("learners.index", _l("Leerwerknemers"), (C, S, T)),
        ("schedule.mine", _l("Mijn planning"), (L,)),
        ("goals.mine", _l("Mijn doelen"), (L,)),
        ("trajectory.mine", _l("Mijn gesprekken"), (L,)),
        ("progress.mine", _l("Mijn vooruitgang"), (L,)),
    )),
    (_l("Beheer"), (
        ("sites.index", _l("Locaties"), (C, S)),
        ("vehicles.index", _l("Voertuigen"), (C, S)),
        ("supervisors.index", _l("Begeleiders"), (C,)),
        ("floors.index", _l("Werkvloeren"), (C,)),
        ("framework.index", _l("Competentiekader"), (C,)),
        ("users.index", _l("Gebruikers"), (C,)),
    )),
)


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    active: bool


@dataclass(frozen=True)
class MenuSection:
    """A dropdown of items, or (label None) items shown as plain links."""

    label: str | None
    items: tuple[MenuItem, ...]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)


def navigation(user) -> list[MenuSection]:
    """The menu for this user's role."""
    sections = []
    for section_label, entries in MENU:
        items = []
        for endpoint, label, roles in entries:
            if user.role in roles and endpoint in current_app.view_functions:
                blueprint = endpoint.split(".")[0]
                items.append(MenuItem(url_for(endpoint), str(label), request.blueprint == blueprint))
        if not items:
            continue
        single = section_label is None or len(items) == 1
        if single:
            sections.extend(MenuSection(None, (item,)) for item in items)
        else:
            sections.append(MenuSection(str(section_label), tuple(items)))
    return sections
