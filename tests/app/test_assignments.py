"""Assignment screens: the week list, one-off work, weekly templates, cancelling, access."""
from __future__ import annotations

import html
from datetime import timedelta

import pytest

from workfloor.assignments.operations import HORIZON_WEEKS, expand_templates
from workfloor.forms import CONFLICT_MESSAGE
from workfloor.models import Assignment, AssignmentTemplate
from tests.floor_date import floor_today

TODAY = floor_today()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def floor(make_floor):
    return make_floor(domain="green", name="Groen test")


@pytest.fixture
def site(make_site):
    return make_site(name="Stadspark test")


@pytest.fixture
def supervisor(make_supervisor, floor):
    return make_supervisor(floors=[floor])


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def make_template(db, floor, site):
    def make(**overrides) -> AssignmentTemplate:
        fields = {"name": "Hagen scheren", "floor": floor, "site": site, "weekday": MONDAY.weekday(),
                  "starts_on": MONDAY - timedelta(weeks=2), "min_learners": 1, "max_learners": 4} | overrides
        template = AssignmentTemplate(**fields)
        db.session.add(template)
        db.session.flush()
        return template
    return make


@pytest.fixture
def make_assignment(db, floor, site):
    def make(**overrides) -> Assignment:
        fields = {"name": "Gras maaien", "floor": floor, "site": site, "day": TODAY, "min_learners": 1,
                  "max_learners": 3} | overrides
        assignment = Assignment(**fields)
        db.session.add(assignment)
        db.session.flush()
        return assignment
    return make


def form_data(floor, site, **overrides) -> dict:
    data = {"name": "Bladeren ruimen", "floor_id": floor.id, "site_id": site.id, "blocks": ["am", "pm"],
            "min_learners": "2", "max_learners": "5", "min_supervisors": "1", "importance": "3",
            "certificate_brush_cutter": "0", "certificate_hedge_trimmer": "0", "certificate_ride_on_mower": "0",
            "certificate_scrubber_dryer": "0", "notes": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def assignment_data(floor, site, **overrides) -> dict:
    return form_data(floor, site, **({"day": TODAY.isoformat()} | overrides))


def template_data(floor, site, **overrides) -> dict:
    return form_data(floor, site, **({"weekday": "2", "starts_on": MONDAY.isoformat(), "ends_on": ""} | overrides))


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


# The list

def test_list_shows_this_week_and_expands_templates_only_when_asked(client, login, coordinator, make_template, db):
    template = make_template(certificates={"hedge_trimmer": 2}, min_levels={"green.pruning": 3},
                             excluded_restrictions=["no_machines"], vehicle_features=["trailer"], mandatory=True)
    login(coordinator)
    assert "Hagen scheren" not in text(client.get("/assignments/"))  # reading never writes
    assert count(db, Assignment) == 0
    expand_templates(MONDAY, MONDAY)  # what saving a template or `flask expand-templates` does
    response = client.get("/assignments/")
    page = text(response)
    assert response.status_code == 200
    assert "Hagen scheren" in page and "Stadspark test" in page
    assert "2× Haagschaar" in page and "Onderhoudssnoei ≥ 3" in page
    assert "niet bij: geen machines bedienen" in page and "Aanhangwagen" in page
    assert "verplicht" in page and "terugkerend" in page
    rows = db.session.execute(db.select(Assignment).where(Assignment.template_id == template.id)).scalars().all()
    assert [a.day for a in rows] == [MONDAY]
    client.get("/assignments/")
    assert count(db, Assignment) == 1  # looking twice makes nothing twice


def test_list_shows_hand_edits_cancellations_and_priority(client, login, coordinator, make_template, db):
    make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    assignment.edited_by_hand, assignment.cancelled, assignment.cancel_reason = True, True, "Park gesloten"
    db.session.flush()
    login(coordinator)
    page = text(client.get("/assignments/"))
    assert "met de hand aangepast" in page and "geannuleerd" in page and "Park gesloten" in page
    assert "prioriteit 1" in page


def test_list_takes_a_range_and_navigates_by_the_range(client, login, coordinator, make_assignment):
    make_assignment(name="Volgende week", day=MONDAY + timedelta(days=8))
    login(coordinator)
    assert "Volgende week" not in text(client.get("/assignments/"))
    start, end = MONDAY + timedelta(days=7), MONDAY + timedelta(days=13)
    page = text(client.get(f"/assignments/?start={start}&end={end}"))
    assert "Volgende week" in page
    assert f"start={MONDAY + timedelta(days=14)}" in page and f"start={MONDAY}" in page


def test_list_end_before_start_says_so(client, login, coordinator):
    login(coordinator)
    page = text(client.get(f"/assignments/?start={MONDAY}&end={MONDAY - timedelta(days=3)}"))
    assert "De einddatum ligt voor de begindatum." in page


def test_list_limits_the_range(client, login, coordinator):
    login(coordinator)
    page = text(client.get(f"/assignments/?start={MONDAY}&end={MONDAY + timedelta(days=400)}"))
    assert "Kies een periode van hoogstens drie maanden." in page


def test_list_searches_by_name_and_site(client, login, coordinator, make_assignment, make_site):
    make_assignment(name="Ramen wassen")
    make_assignment(name="Vloeren", site=make_site(name="Zwembad Noord"))
    login(coordinator)
    page = text(client.get("/assignments/?q=zwembad"))
    assert "Vloeren" in page and "Ramen wassen" not in page
    page = text(client.get("/assignments/?q=ramen"))
    assert "Ramen wassen" in page and "Vloeren" not in page


def test_supervisor_sees_only_their_floors(client, login, supervisor, make_assignment, make_floor):
    make_assignment(name="Op mijn vloer")
    other = make_floor(name="Andere vloer")
    make_assignment(name="Elders", floor=other)
    login(supervisor.person.user)
    page = text(client.get("/assignments/"))
    assert "Op mijn vloer" in page and "Elders" not in page
    page = text(client.get(f"/assignments/?floor={other.id}"))  # not theirs: the filter is ignored
    assert "Elders" not in page


def test_coordinator_filters_by_floor(client, login, coordinator, make_assignment, make_floor):
    make_assignment(name="Op groen")
    other = make_floor(name="Schoonmaak test", domain="cleaning")
    make_assignment(name="Op schoonmaak", floor=other)
    login(coordinator)
    page = text(client.get(f"/assignments/?floor={other.id}"))
    assert "Op schoonmaak" in page and "Op groen" not in page


@pytest.mark.parametrize("role", ["counsellor", "learner"])
def test_counsellors_and_learners_are_refused(client, login, make_user, role, make_assignment):
    assignment = make_assignment()
    login(make_user(role))
    assert client.get("/assignments/").status_code == 403
    assert client.get(f"/assignments/{assignment.id}/edit").status_code == 403


# Creating and editing a dated assignment

def test_create_assignment(client, login, supervisor, floor, site, db):
    login(supervisor.person.user)
    assert client.get("/assignments/new").status_code == 200
    response = client.post("/assignments/new", data=assignment_data(
        floor, site, blocks=["am"], importance="mandatory", certificate_hedge_trimmer="2",
        **{"min_levels-0-competency": "green.pruning", "min_levels-0-level": "3",
           "min_levels-1-competency": "attitude.safety", "min_levels-1-level": "2"},
        excluded_restrictions=["no_heavy_lifting"], vehicle_features=["trailer"],
        trains=["green.leaf_clearing", "attitude.teamwork"], notes="Sleutel bij de conciërge"))
    assert response.status_code == 302
    assignment = db.session.execute(db.select(Assignment)).scalar_one()
    assert (assignment.name, assignment.day, assignment.morning, assignment.afternoon) == (
        "Bladeren ruimen", TODAY, True, False)
    assert (assignment.min_learners, assignment.max_learners, assignment.min_supervisors) == (2, 5, 1)
    assert assignment.mandatory and assignment.certificates == {"hedge_trimmer": 2}
    assert assignment.min_levels == {"green.pruning": 3, "attitude.safety": 2}
    assert assignment.excluded_restrictions == ["no_heavy_lifting"] and assignment.vehicle_features == ["trailer"]
    assert assignment.trains == ["green.leaf_clearing", "attitude.teamwork"]
    assert assignment.notes == "Sleutel bij de conciërge" and assignment.template_id is None


def test_create_with_a_priority(client, login, coordinator, floor, site, db):
    login(coordinator)
    client.post("/assignments/new", data=assignment_data(floor, site, importance="5"))
    assignment = db.session.execute(db.select(Assignment)).scalar_one()
    assert not assignment.mandatory and assignment.priority == 5


BAD_INPUT = [
    ({"min_learners": "6", "max_learners": "5"}, "Het minimum ligt boven het maximum."),
    ({"blocks": None}, "Kies minstens één dagdeel."),
    ({"name": ""}, "Geef de opdracht een naam."),
    ({"max_learners": "0"}, "Vul een aantal van 1 tot 50 in."),
    ({"max_learners": ""}, "Vul een aantal in."),
    ({"min_learners": "-1"}, "Vul 0 of meer in."),
    ({"min_supervisors": "-1"}, "Vul een aantal van 0 tot 10 in."),
    ({"certificate_brush_cutter": "-2"}, "Vul een aantal van 0 tot 10 in."),
    ({"day": ""}, "Kies een datum."),
    ({"day": "gisteren"}, "Ongeldige datum."),
    ({"importance": "9"}, "Ongeldige keuze."),
    ({"min_levels-0-competency": "green.pruning", "min_levels-0-level": ""}, "Kies een niveau van 1 tot 4."),
    ({"min_levels-0-competency": "green.pruning", "min_levels-0-level": "5"}, "Kies een niveau van 1 tot 4."),
    ({"min_levels-0-competency": "", "min_levels-0-level": "2"}, "Kies een competentie."),
    ({"min_levels-0-competency": "green.flying", "min_levels-0-level": "2"}, "Onbekende competentie."),
    ({"min_levels-0-competency": "green.pruning", "min_levels-0-level": "2",
      "min_levels-1-competency": "green.pruning", "min_levels-1-level": "3"}, "Deze competentie staat er al."),
    ({"trains": ["green.flying"]}, "Onbekende competentie: green.flying."),
    ({"excluded_restrictions": ["diagnose"]}, "'diagnose' is een ongeldige keuze voor dit veld."),
]


@pytest.mark.parametrize("overrides,message", BAD_INPUT, ids=[m for _, m in BAD_INPUT])
def test_create_refuses_bad_input_in_dutch_and_keeps_it(client, login, coordinator, floor, site, db,
                                                        overrides, message):
    login(coordinator)
    response = client.post("/assignments/new", data=assignment_data(floor, site, name="Mijn invoer", **overrides)
                           if "name" not in overrides else assignment_data(floor, site, **overrides))
    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert count(db, Assignment) == 0
    if "name" not in overrides:
        assert 'value="Mijn invoer"' in page


def test_levels_of_another_domain_are_refused(client, login, coordinator, floor, site, make_floor, db):
    make_floor(domain="cleaning")  # so cleaning skills are offered at all
    login(coordinator)
    page = text(client.post("/assignments/new", data=assignment_data(
        floor, site, **{"min_levels-0-competency": "cleaning.sanitary", "min_levels-0-level": "2"})))
    assert "Deze competentie hoort niet bij het domein van de werkvloer." in page
    assert count(db, Assignment) == 0


def test_trains_of_another_domain_are_refused(client, login, coordinator, floor, site, make_floor, db):
    make_floor(domain="cleaning")  # so cleaning skills are offered at all
    login(coordinator)
    page = text(client.post("/assignments/new", data=assignment_data(floor, site, trains=["cleaning.windows"])))
    assert "Deze competenties horen niet bij het domein van de werkvloer: cleaning.windows." in page
    assert count(db, Assignment) == 0


def test_supervisor_cannot_create_on_another_floor(client, login, supervisor, site, make_floor, db):
    other = make_floor()
    login(supervisor.person.user)
    page = text(client.post("/assignments/new", data=assignment_data(other, site)))
    assert "Ongeldige keuze." in page
    assert count(db, Assignment) == 0


def test_supervisor_without_floors_cannot_create(client, login, make_supervisor):
    lonely = make_supervisor(floors=[])
    login(lonely.person.user)
    response = client.get("/assignments/new")
    assert response.status_code == 302
    assert "Je bent aan geen werkvloer gekoppeld" in text(client.get("/assignments/"))


def test_edit_assignment(client, login, supervisor, make_assignment, floor, site, db):
    assignment = make_assignment()
    login(supervisor.person.user)
    page = text(client.get(f"/assignments/{assignment.id}/edit"))
    assert 'value="Gras maaien"' in page
    response = client.post(f"/assignments/{assignment.id}/edit", data=assignment_data(
        floor, site, name="Gras maaien en kanten", version=str(assignment.version)))
    assert response.status_code == 302
    assert assignment.name == "Gras maaien en kanten" and assignment.max_learners == 5
    assert not assignment.edited_by_hand  # a one-off assignment has no template to protect it from


def test_editing_a_generated_assignment_marks_it_as_edited_by_hand(client, login, coordinator, make_template,
                                                                     floor, site, db):
    make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    login(coordinator)
    page = text(client.get(f"/assignments/{assignment.id}/edit"))
    assert "Deze opdracht komt uit de terugkerende opdracht „Hagen scheren”." in page
    client.post(f"/assignments/{assignment.id}/edit", data=assignment_data(
        floor, site, name="Hagen scheren", day=MONDAY.isoformat(), min_learners="1", max_learners="6",
        importance="1", version=str(assignment.version)))
    assert assignment.edited_by_hand and assignment.max_learners == 6


def test_saving_a_generated_assignment_unchanged_is_not_a_hand_edit(client, login, coordinator, make_template,
                                                                   floor, site, db):
    make_template(min_learners=2, max_learners=5, name="Bladeren ruimen")
    [assignment] = expand_templates(MONDAY, MONDAY)
    login(coordinator)
    client.post(f"/assignments/{assignment.id}/edit", data=assignment_data(
        floor, site, day=MONDAY.isoformat(), importance="1", version=str(assignment.version)))
    assert not assignment.edited_by_hand


def test_moving_a_generated_assignment_onto_a_day_its_template_has_is_refused(client, login, coordinator,
                                                                            make_template, floor, site, db):
    make_template()
    first, second = expand_templates(MONDAY, MONDAY + timedelta(days=7))
    login(coordinator)
    response = client.post(f"/assignments/{first.id}/edit", data=assignment_data(
        floor, site, day=second.day.isoformat(), version=str(first.version)))
    assert "Deze terugkerende opdracht heeft op die dag al een opdracht." in text(response)
    assert first.day == MONDAY


def test_edit_conflict_gives_409_and_keeps_the_input(client, login, coordinator, make_assignment, floor, site, db):
    assignment = make_assignment()
    seen = assignment.version
    assignment.notes = "Iemand anders was sneller"
    db.session.flush()
    login(coordinator)
    response = client.post(f"/assignments/{assignment.id}/edit", data=assignment_data(
        floor, site, name="Mijn versie", version=str(seen)))
    page = text(response)
    assert response.status_code == 409
    assert str(CONFLICT_MESSAGE) in page and 'value="Mijn versie"' in page
    assert assignment.name == "Gras maaien"


def test_supervisor_of_another_floor_gets_404(client, login, make_supervisor, make_assignment, make_template):
    assignment = make_assignment()
    template = make_template()
    stranger = make_supervisor()
    login(stranger.person.user)
    for url in (f"/assignments/{assignment.id}/edit", f"/assignments/{assignment.id}/cancel",
                f"/assignments/templates/{template.id}/edit"):
        assert client.get(url).status_code == 404
    for url in (f"/assignments/{assignment.id}/uncancel", f"/assignments/templates/{template.id}/deactivate",
                f"/assignments/templates/{template.id}/activate"):
        assert client.post(url).status_code == 404


def test_unknown_assignment_is_404(client, login, coordinator):
    login(coordinator)
    assert client.get("/assignments/999999/edit").status_code == 404


# Cancelling

def test_cancel_needs_a_reason(client, login, supervisor, make_assignment):
    assignment = make_assignment()
    login(supervisor.person.user)
    assert client.get(f"/assignments/{assignment.id}/cancel").status_code == 200
    response = client.post(f"/assignments/{assignment.id}/cancel", data={"reason": "  "})
    assert "Geef een reden voor de annulatie." in text(response)
    assert not assignment.cancelled


def test_cancel_keeps_the_row_and_uncancel_restores_it(client, login, supervisor, make_template, db):
    make_template()
    [assignment] = expand_templates(MONDAY, MONDAY)
    login(supervisor.person.user)
    response = client.post(f"/assignments/{assignment.id}/cancel", data={"reason": "Regen"})
    assert response.status_code == 302
    assert assignment.cancelled and assignment.cancel_reason == "Regen"
    client.get("/assignments/")  # expanding again does not bring a second one
    assert count(db, Assignment) == 1
    assert "Regen" in text(client.get(f"/assignments/{assignment.id}/edit"))
    client.post(f"/assignments/{assignment.id}/uncancel")
    assert not assignment.cancelled and assignment.cancel_reason == ""


# Weekly templates

def test_templates_list_hides_inactive_by_default(client, login, coordinator, make_template):
    make_template()
    make_template(name="Oude opdracht", active=False)
    login(coordinator)
    page = text(client.get("/assignments/templates/"))
    assert "Hagen scheren" in page and "Oude opdracht" not in page and "maandag" in page
    page = text(client.get("/assignments/templates/?inactive=1&q=oude"))
    assert "Oude opdracht" in page and "gedeactiveerd" in page and "Hagen scheren" not in page


def test_create_template_generates_assignments_and_reports(client, login, supervisor, floor, site, db):
    login(supervisor.person.user)
    assert client.get("/assignments/templates/new").status_code == 200
    response = client.post("/assignments/templates/new", data=template_data(floor, site), follow_redirects=True)
    page = text(response)
    template = db.session.execute(db.select(AssignmentTemplate)).scalar_one()
    assert template.weekday == 2 and template.starts_on == MONDAY and template.ends_on is None
    made = count(db, Assignment)
    assert made in (HORIZON_WEEKS, HORIZON_WEEKS + 1)
    assert "Terugkerende opdracht „Bladeren ruimen” aangemaakt" in page
    assert f"{made} nieuwe aangemaakt" in page


def test_template_end_before_start_is_refused(client, login, coordinator, floor, site, db):
    login(coordinator)
    response = client.post("/assignments/templates/new", data=template_data(
        floor, site, ends_on=(MONDAY - timedelta(days=1)).isoformat()))
    assert "De einddatum ligt voor de begindatum." in text(response)
    assert count(db, AssignmentTemplate) == 0


@pytest.mark.parametrize("overrides,message", [
    ({"weekday": "6"}, "Ongeldige keuze."),
    ({"starts_on": ""}, "Kies de eerste datum."),
    ({"min_learners": "3", "max_learners": "2"}, "Het minimum ligt boven het maximum."),
])
def test_template_bad_input(client, login, coordinator, floor, site, db, overrides, message):
    login(coordinator)
    response = client.post("/assignments/templates/new", data=template_data(floor, site, **overrides))
    assert message in text(response)
    assert count(db, AssignmentTemplate) == 0


def test_editing_a_template_never_overwrites_hand_edits(client, login, coordinator, make_template, floor, site, db):
    template = make_template(weekday=(TODAY + timedelta(days=1)).weekday(), name="Bladeren ruimen",
                             min_learners=2, max_learners=5, priority=3)
    client_today = TODAY
    expand_templates(client_today, client_today + timedelta(weeks=3))
    rows = db.session.execute(db.select(Assignment).where(Assignment.template_id == template.id)
                              .order_by(Assignment.day)).scalars().all()
    hand, untouched = rows[0], rows[1]
    login(coordinator)
    client.post(f"/assignments/{hand.id}/edit", data=assignment_data(
        floor, site, day=hand.day.isoformat(), max_learners="3", version=str(hand.version)))
    assert hand.edited_by_hand and hand.max_learners == 3
    response = client.post(f"/assignments/templates/{template.id}/edit", data=template_data(
        floor, site, weekday=str(template.weekday), starts_on=template.starts_on.isoformat(), max_learners="8",
        version=str(template.version)), follow_redirects=True)
    page = text(response)
    assert template.max_learners == 8
    assert hand.max_learners == 3  # never silently overwritten
    assert untouched.max_learners == 8
    assert "1 met de hand aangepaste opdracht bleef ongewijzigd" in page
    assert f'href="/assignments/{hand.id}/edit"' in page
    assert "opdrachten bijgewerkt" in page


def test_template_report_lists_cancelled_assignments_too(client, login, coordinator, make_template, floor, site, db):
    template = make_template(weekday=(TODAY + timedelta(days=1)).weekday())
    [first] = expand_templates(TODAY, TODAY + timedelta(days=6))
    first.cancelled, first.cancel_reason = True, "Feestdag"
    db.session.flush()
    login(coordinator)
    page = text(client.post(f"/assignments/templates/{template.id}/edit", data=template_data(
        floor, site, weekday=str(template.weekday), starts_on=template.starts_on.isoformat(),
        version=str(template.version)), follow_redirects=True))
    assert "1 geannuleerde opdracht bleef geannuleerd" in page
    assert first.cancelled


def test_template_edit_conflict_gives_409(client, login, coordinator, make_template, floor, site, db):
    template = make_template()
    seen = template.version
    template.notes = "Intussen gewijzigd"
    db.session.flush()
    login(coordinator)
    response = client.post(f"/assignments/templates/{template.id}/edit", data=template_data(
        floor, site, name="Mijn versie", version=str(seen)))
    assert response.status_code == 409
    assert 'value="Mijn versie"' in text(response)
    assert template.name == "Hagen scheren"


def test_deactivate_and_activate_template(client, login, supervisor, make_template, db):
    template = make_template(weekday=(TODAY + timedelta(days=1)).weekday())
    expand_templates(TODAY + timedelta(days=1), TODAY + timedelta(days=1))
    login(supervisor.person.user)
    page = text(client.post(f"/assignments/templates/{template.id}/deactivate", follow_redirects=True))
    assert not template.active and "gedeactiveerd" in page and "1 vervallen" in page
    future = db.session.execute(db.select(Assignment).where(Assignment.day > TODAY)).scalars().all()
    assert future == []
    client.post(f"/assignments/templates/{template.id}/activate")
    assert template.active
    assert count(db, Assignment) >= HORIZON_WEEKS


def test_csrf_protects_the_forms(app, client, login, coordinator, floor, site, db):
    login(coordinator)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/assignments/new", data=assignment_data(floor, site))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert count(db, Assignment) == 0
