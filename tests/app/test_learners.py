"""The learner file: list, create, show, deactivate, and who may reach which file."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from tests.conftest import PASSWORD, text
from tests.floor_date import floor_today
from workfloor.models import AuditEntry, Learner, User


@pytest.fixture
def floors(make_floor):
    return make_floor(name="Groen Noord"), make_floor(name="Schoonmaak Zuid", domain="cleaning")


@pytest.fixture
def people(floors, make_supervisor, make_user, make_learner):
    """Two floors with a supervisor each, two counsellors, and a learner on the first floor."""
    north, south = floors
    counsellor = make_user("counsellor")
    learner = make_learner(floors=[north], counsellor=counsellor.person)
    return {
        "coordinator": make_user("coordinator"),
        "supervisor": make_supervisor(floors=[north]).person.user,
        "other_supervisor": make_supervisor(floors=[south]).person.user,
        "counsellor": counsellor,
        "other_counsellor": make_user("counsellor"),
        "learner": learner,
    }


def create_data(floor, **overrides) -> dict:
    return {"first_name": "Yusuf", "last_name": "Demir", "phone": "0470 12 34 56", "floors": [str(floor.id)],
            "counsellor_id": "0", "contract_start": "2026-01-05", "contract_end": "2026-12-31",
            "phase": "work_activation"} | overrides


# The list ---------------------------------------------------------------------------------------------

def test_list_shows_the_learners_of_the_supervisors_floor_only(client, login, people, floors, make_learner):
    south_learner = make_learner(floors=[floors[1]])
    login(people["supervisor"])
    page = text(client.get("/learners/"))
    assert people["learner"].person.last_name in page and people["learner"].person.first_name in page
    assert south_learner.person.first_name not in page


def test_counsellor_lists_their_caseload_only(client, login, people, make_learner):
    stranger = make_learner()
    login(people["counsellor"])
    page = text(client.get("/learners/"))
    assert people["learner"].person.first_name in page
    assert stranger.person.first_name not in page


def test_list_searches_by_name_and_filters(client, login, people, floors, make_learner):
    north, south = floors
    amina = make_learner(floors=[south], phase="care")
    amina.person.first_name, amina.person.last_name = "Amina", "Benali"
    bram = make_learner(floors=[north], phase="work", counsellor=people["other_counsellor"].person)
    bram.person.first_name, bram.person.last_name = "Bram", "Claeys"
    login(people["coordinator"])
    assert "Benali" in text(client.get("/learners/?q=amina ben"))
    assert "Claeys" not in text(client.get("/learners/?q=amina"))
    by_floor = text(client.get(f"/learners/?floor={south.id}"))
    assert "Benali" in by_floor and "Claeys" not in by_floor
    by_phase = text(client.get("/learners/?phase=work"))
    assert "Claeys" in by_phase and "Benali" not in by_phase
    by_counsellor = text(client.get(f"/learners/?counsellor={people['other_counsellor'].person_id}"))
    assert "Claeys" in by_counsellor and "Benali" not in by_counsellor


def test_list_hides_deactivated_learners_unless_asked(client, login, people, make_learner):
    gone = make_learner()
    gone.person.active = False
    login(people["coordinator"])
    assert gone.person.first_name not in text(client.get("/learners/"))
    assert gone.person.first_name in text(client.get("/learners/?status=inactive"))
    assert gone.person.first_name in text(client.get("/learners/?status=all"))
    assert people["learner"].person.first_name not in text(client.get("/learners/?status=inactive"))


def test_list_highlights_contract_ending_within_30_days_and_summarises_the_pattern(
        client, login, people, make_learner):
    ending = make_learner(contract_end=floor_today() + timedelta(days=10), pattern=[(0, "am"), (0, "pm"), (1, "am"),
                                                                                    (1, "pm")])
    later = make_learner(contract_end=floor_today() + timedelta(days=90), pattern=[(d, "am") for d in range(5)])
    login(people["coordinator"])
    page = text(client.get("/learners/"))
    row_ending = page[page.index(ending.person.first_name):]
    row_ending = row_ending[:row_ending.index("</tr>")]
    assert "loopt af binnen 30 dagen" in row_ending
    assert "2 d, vm+nm" in row_ending
    row_later = page[page.index(later.person.first_name):]
    row_later = row_later[:row_later.index("</tr>")]
    assert "loopt af binnen 30 dagen" not in row_later
    assert "5 d, vm" in row_later


def count_statements(db):
    """Count the SQL statements run on the test's connection."""
    statements = []
    connection = db.session.connection()

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", before)
    return statements, lambda: event.remove(connection, "before_cursor_execute", before)


def test_list_has_no_n_plus_one(client, login, db, people, floors, make_learner, make_user):
    login(people["coordinator"])
    client.get("/learners/")  # warm up: the first request loads the user and the session

    statements, stop = count_statements(db)
    db.session.expire_all()
    client.get("/learners/")
    few = len(statements)
    assert few > 0
    for _ in range(8):
        make_learner(floors=list(floors), counsellor=make_user("counsellor").person)
    db.session.expire_all()  # the factories left the relations loaded in this same session
    statements.clear()
    response = client.get("/learners/")
    stop()
    assert response.status_code == 200
    assert len(statements) == few, statements


def test_learner_gets_403_on_the_staff_pages(client, login, people):
    login(people["learner"].person.user)
    learner_id = people["learner"].id
    for url in ("/learners/", "/learners/new", f"/learners/{learner_id}", f"/learners/{learner_id}/history",
                f"/learners/{learner_id}/edit", f"/learners/{learner_id}/pattern"):
        assert client.get(url).status_code == 403, url


# Create -----------------------------------------------------------------------------------------------

def test_coordinator_creates_a_learner_with_a_login(client, login, db, people, floors, make_user):
    counsellor = people["counsellor"]
    login(people["coordinator"])
    response = client.post("/learners/new", data=create_data(
        floors[0], counsellor_id=str(counsellor.person_id), email="Yusuf.Demir@example.org", password="een-goed-wachtwoord",
        phase="social_activation"))
    assert response.status_code == 302
    learner = db.session.execute(select(Learner).order_by(Learner.id.desc())).scalars().first()
    assert learner.person.name == "Yusuf Demir"
    assert learner.person.phone == "0470 12 34 56"
    assert learner.floor_ids == {floors[0].id}
    assert learner.counsellor_id == counsellor.person_id
    assert learner.contract_start == date(2026, 1, 5) and learner.contract_end == date(2026, 12, 31)
    assert learner.phase == "social_activation"
    assert learner.person.user.email == "yusuf.demir@example.org" and learner.person.user.role == "learner"
    assert f"/learners/{learner.id}/pattern" in response.headers["Location"]
    client.post("/logout")
    assert client.post("/login", data={"email": "yusuf.demir@example.org",
                                       "password": "een-goed-wachtwoord"}).status_code == 302


def test_create_without_login(client, login, db, people, floors):
    login(people["coordinator"])
    assert client.post("/learners/new", data=create_data(floors[0], contract_end="")).status_code == 302
    learner = db.session.execute(select(Learner).order_by(Learner.id.desc())).scalars().first()
    assert learner.person.user is None
    assert learner.contract_end is None


def test_counsellor_creates_for_their_own_caseload(client, login, db, people, floors):
    login(people["counsellor"])
    data = create_data(floors[1], counsellor_id=str(people["counsellor"].person_id))
    assert client.post("/learners/new", data=data).status_code == 302
    learner = db.session.execute(select(Learner).order_by(Learner.id.desc())).scalars().first()
    assert learner.counsellor_id == people["counsellor"].person_id


def test_counsellor_cannot_create_for_another_caseload(client, login, db, people, floors):
    login(people["counsellor"])
    before = db.session.execute(select(Learner.id)).all()
    response = client.post("/learners/new", data=create_data(
        floors[1], counsellor_id=str(people["other_counsellor"].person_id)))
    assert response.status_code == 200
    assert db.session.execute(select(Learner.id)).all() == before


def test_supervisor_may_not_create(client, login, people):
    login(people["supervisor"])
    assert client.get("/learners/new").status_code == 403


@pytest.mark.parametrize("overrides,message", [
    ({"contract_start": "2026-03-01", "contract_end": "2026-02-01"}, "De einddatum ligt voor de begindatum."),
    ({"contract_start": "1 maart"}, "Dit is geen geldige datum."),
    ({"contract_end": "2026-02-30"}, "Dit is geen geldige datum."),
    ({"first_name": ""}, "Vul de voornaam in."),
    ({"floors": []}, "Kies minstens één werkvloer."),
    ({"email": "yusuf@example.org", "password": ""}, "Kies een eerste wachtwoord voor de nieuwe login."),
    ({"email": "yusuf@example.org", "password": "kort"}, "Kies minstens 10 tekens."),
    ({"email": "geen-adres"}, "Dit is geen geldig e-mailadres."),
])
def test_create_refuses_bad_input_in_dutch_and_keeps_it(client, login, db, people, floors, overrides, message):
    login(people["coordinator"])
    before = db.session.execute(select(Learner.id)).all()
    response = client.post("/learners/new", data=create_data(floors[0], **overrides))
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'value="Demir"' in page
    assert db.session.execute(select(Learner.id)).all() == before


def test_create_refuses_a_duplicate_email(client, login, db, people, floors):
    login(people["coordinator"])
    taken = people["counsellor"].email
    before = db.session.execute(select(User.id)).all()
    response = client.post("/learners/new", data=create_data(floors[0], email=taken.upper(),
                                                             password="een-goed-wachtwoord"))
    assert response.status_code == 200
    assert "Dit e-mailadres is al in gebruik." in text(response)
    assert db.session.execute(select(User.id)).all() == before


# Show -------------------------------------------------------------------------------------------------

def test_show_has_every_section_and_logs_the_read(client, login, db, people, make_learner):
    from workfloor.models import Absence, Avoidance, DrivingLicence, LearnerCertificate, LearnerRestriction

    learner = people["learner"]
    other = make_learner(floors=learner.floors)
    learner.person.licences = [DrivingLicence(category="B")]
    learner.may_drive = True
    today = floor_today()
    learner.certificates = [LearnerCertificate(kind="brush_cutter", valid_until=today - timedelta(days=1)),
                            LearnerCertificate(kind="hedge_trimmer", valid_until=today + timedelta(days=10)),
                            LearnerCertificate(kind="ride_on_mower", valid_until=None)]
    learner.restrictions = [LearnerRestriction(code="no_heavy_lifting")]
    learner.avoidances = [Avoidance(avoided_id=other.id)]
    db.session.add(Absence(person_id=learner.person_id, start_date=today + timedelta(days=3),
                           end_date=today + timedelta(days=4), reason="appointment_vdab"))
    db.session.flush()

    login(people["supervisor"])
    page = text(client.get(f"/learners/{learner.id}"))
    for expected in ("Persoon en traject", "Werkpatroon per week", "maandag", "Voormiddag", "Rijbewijs B",
                     "Mag met een stadsvoertuig rijden", "Bosmaaier", "vervallen", "Haagschaar",
                     "vervalt binnen 30 dagen", "Zitmaaier", "vervalt niet", "Functionele beperkingen",
                     "Geen zware lasten tillen", "nooit de medische reden", other.name, "Afspraak VDAB",
                     "Arbeidsactivering", people["counsellor"].person.name):
        assert expected in page, expected
    assert 'class="badge badge-danger">vervallen' in page
    views = db.session.execute(select(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.action == "view")).scalars().all()
    assert [(v.user_id, v.object_type) for v in views] == [(people["supervisor"].id, "file")]


def test_show_does_not_name_avoided_learners_out_of_reach(client, login, db, people, floors, make_learner):
    from workfloor.models import Avoidance

    learner = people["learner"]
    stranger = make_learner(floors=[floors[1]])
    learner.avoidances = [Avoidance(avoided_id=stranger.id)]
    db.session.flush()
    login(people["supervisor"])
    page = text(client.get(f"/learners/{learner.id}"))
    assert stranger.person.first_name not in page
    assert "1 leerwerknemer buiten jouw bereik" in page


@pytest.mark.parametrize("who", ["other_supervisor", "other_counsellor"])
@pytest.mark.parametrize("path", ["", "/history", "/edit", "/pattern", "/driving", "/certificates",
                                  "/restrictions", "/avoid"])
def test_staff_out_of_reach_get_404(client, login, people, who, path):
    login(people[who])
    assert client.get(f"/learners/{people['learner'].id}{path}").status_code == 404


@pytest.mark.parametrize("who", ["other_supervisor", "other_counsellor"])
@pytest.mark.parametrize("path", ["/edit", "/pattern", "/driving", "/certificates", "/certificates/remove",
                                  "/restrictions", "/avoid"])
def test_staff_out_of_reach_cannot_post(client, login, people, who, path):
    login(people[who])
    learner = people["learner"]
    response = client.post(f"/learners/{learner.id}{path}", data={"version": str(learner.version)})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "supervisor", "counsellor"])
def test_staff_in_reach_open_every_page(client, login, people, who):
    login(people[who])
    learner_id = people["learner"].id
    for path in ("", "/history", "/edit", "/pattern", "/driving", "/certificates", "/restrictions", "/avoid"):
        assert client.get(f"/learners/{learner_id}{path}").status_code == 200, path


# Deactivate -------------------------------------------------------------------------------------------

def test_deactivate_stops_the_login_and_reactivate_restores_it(client, login, db, people):
    learner = people["learner"]
    login(people["coordinator"])
    assert client.post(f"/learners/{learner.id}/deactivate").status_code == 302
    assert learner.person.active is False
    assert "gedeactiveerd" in text(client.get(f"/learners/{learner.id}"))
    client.post("/logout")
    refused = client.post("/login", data={"email": learner.person.user.email, "password": PASSWORD})
    assert refused.status_code == 200

    login(people["coordinator"])
    assert client.post(f"/learners/{learner.id}/reactivate").status_code == 302
    assert learner.person.active is True
    login(learner.person.user)


@pytest.mark.parametrize("who", ["supervisor", "counsellor"])
def test_only_the_coordinator_deactivates(client, login, people, who):
    login(people[who])
    assert client.post(f"/learners/{people['learner'].id}/deactivate").status_code == 403
    assert people["learner"].person.active is True
