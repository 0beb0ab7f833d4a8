"""The main menu: which sections each role sees."""
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from workfloor.vocabulary import Role

C, S, T, L = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR, Role.LEARNER

# (endpoint, label, roles); sections whose blueprint is not registered are left out.
MENU = (
    ("planning.board", _l("Planning"), (C, S)),
    ("schedule.mine", _l("Mijn planning"), (L,)),
    ("availability.overview", _l("Beschikbaarheid"), (C, S, T)),
    ("attendance.index", _l("Aanwezigheden"), (C, S)),
    ("assessments.index", _l("Beoordelen"), (C, S, T)),
    ("goals.index", _l("Doelen"), (C, S, T)),
    ("goals.mine", _l("Mijn doelen"), (L,)),
    ("progress.index", _l("Voortgang"), (C, S, T)),
    ("progress.mine", _l("Mijn vooruitgang"), (L,)),
    ("learners.index", _l("Leerwerknemers"), (C, S, T)),
    ("absences.index", _l("Afwezigheden"), (C, S, T)),
    ("assignments.index", _l("Opdrachten"), (C, S)),
    ("sites.index", _l("Locaties"), (C, S)),
    ("vehicles.index", _l("Voertuigen"), (C, S)),
    ("supervisors.index", _l("Begeleiders"), (C,)),
    ("floors.index", _l("Werkvloeren"), (C,)),
    ("framework.index", _l("Competentiekader"), (C,)),
    ("users.index", _l("Gebruikers"), (C,)),
)


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    active: bool


def navigation(user) -> list[MenuItem]:
    """The menu items for this user's role."""
    items = []
    for endpoint, label, roles in MENU:
        if user.role in roles and endpoint in current_app.view_functions:
            blueprint = endpoint.split(".")[0]
            items.append(MenuItem(url_for(endpoint), str(label), request.blueprint == blueprint))
    return items
