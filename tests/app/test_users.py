"""User accounts: only the coordinator manages them."""
from __future__ import annotations

import pytest

from workfloor.models import Person, Supervisor, User
from workfloor.users.operations import UserError, create_user

from tests.conftest import PASSWORD, count, text

NEW_PASSWORD = "een nieuw wachtwoord"


def user_by_email(db, email: str) -> User | None:
    return db.session.execute(db.select(User).where(User.email == email)).scalar()


def staff_data(**overrides) -> dict:
    return {"role": "counsellor", "first_name": "Sara", "last_name": "Peeters", "email": "sara@stad.be",
            "password": NEW_PASSWORD} | overrides


def test_list_searches_by_name_and_email_and_filters_role_and_active(client, coordinator, make_user, make_person):
    make_user("counsellor", person=make_person(first_name="Sara", last_name="Peeters"), email="sara@stad.be")
    make_user("supervisor", person=make_person(first_name="Jan", last_name="Janssens"), email="jan@stad.be")
    make_user("counsellor", person=make_person(first_name="Oud", last_name="Account"), email="oud@stad.be",
              active=False)
    page = text(client.get("/users/"))
    assert "Sara Peeters" in page and "Jan Janssens" in page and "Oud Account" not in page
    page = text(client.get("/users/?q=sara peeters"))
    assert "Sara Peeters" in page and "Jan Janssens" not in page
    page = text(client.get("/users/?q=JAN@STAD"))
    assert "Jan Janssens" in page and "Sara Peeters" not in page
    page = text(client.get("/users/?role=supervisor"))
    assert "Jan Janssens" in page and "Sara Peeters" not in page
    page = text(client.get("/users/?status=inactive"))
    assert "Oud Account" in page and "Sara Peeters" not in page


def test_create_counsellor(client, coordinator, db):
    assert client.get("/users/new").status_code == 200
    response = client.post("/users/new", data=staff_data(email="Sara@Stad.be"))
    assert response.status_code == 302
    user = user_by_email(db, "sara@stad.be")
    assert user.role == "counsellor" and user.person.name == "Sara Peeters" and user.check_password(NEW_PASSWORD)


def test_create_supervisor_also_creates_the_supervisor_record(client, coordinator, db):
    client.post("/users/new", data=staff_data(role="supervisor", email="jan@stad.be"))
    user = user_by_email(db, "jan@stad.be")
    supervisor = db.session.execute(db.select(Supervisor).where(Supervisor.person_id == user.person_id)).scalar()
    assert supervisor is not None and supervisor.max_learners > 0


def test_create_learner_account_links_to_the_learner_without_account(client, coordinator, make_learner, db):
    learner = make_learner(with_account=False)
    with_account = make_learner()
    page = text(client.get("/users/new"))
    assert learner.name in page and with_account.name not in page
    persons = count(db, Person)
    response = client.post("/users/new", data={"role": "learner", "learner_id": str(learner.id),
                                               "email": "leerling@stad.be", "password": NEW_PASSWORD})
    assert response.status_code == 302
    user = user_by_email(db, "leerling@stad.be")
    assert user.person_id == learner.person_id and user.role == "learner"
    assert count(db, Person) == persons


def test_learner_role_needs_a_learner_without_account(client, coordinator, make_learner, db):
    taken = make_learner()
    before = count(db, User)
    page = text(client.post("/users/new", data={"role": "learner", "email": "x@stad.be", "password": NEW_PASSWORD}))
    assert "Kies de leerwerknemer voor wie dit account is." in page
    page = text(client.post("/users/new", data={"role": "learner", "learner_id": str(taken.id),
                                                "email": "x@stad.be", "password": NEW_PASSWORD}))
    assert "Kies een leerwerknemer zonder account uit de lijst." in page
    assert count(db, User) == before


@pytest.mark.parametrize("email", ["sara@stad.be", "SARA@stad.be", " sara@STAD.BE "])
def test_duplicate_email_gets_a_dutch_message_next_to_the_field(client, coordinator, make_user, db, email):
    make_user("counsellor", email="sara@stad.be")
    users, persons = count(db, User), count(db, Person)
    response = client.post("/users/new", data=staff_data(email=email, first_name="Andere"))
    page = text(response)
    assert '<small class="field-error" id="email-error">Dit e-mailadres is al in gebruik.' in page
    assert 'value="Andere"' in page
    assert (count(db, User), count(db, Person)) == (users, persons)


def test_create_validates_every_field_in_dutch(client, coordinator, db):
    before = count(db, User)
    page = text(client.post("/users/new", data={"role": "pilot", "first_name": "", "last_name": "",
                                                "email": "geen-adres", "password": "kort"}))
    for message in ("Kies een rol uit de lijst.", "Vul de voornaam in.", "Vul de achternaam in.",
                    "Dit is geen geldig e-mailadres.", "Kies minstens 10 tekens."):
        assert message in page
    assert count(db, User) == before


def test_operations_refuse_a_duplicate_email_in_dutch(make_user, make_person):
    make_user("counsellor", email="sara@stad.be")
    with pytest.raises(UserError, match="Dit e-mailadres is al in gebruik.") as error:
        create_user(make_person(), email="Sara@stad.be", role="counsellor", password=NEW_PASSWORD)
    assert error.value.field == "email"


def edit_data(user: User, **overrides) -> dict:
    return {"first_name": user.person.first_name, "last_name": user.person.last_name, "email": user.email,
            "role": user.role, "active": "y", "version": user.version} | overrides


def test_edit_user(client, coordinator, make_user):
    user = make_user("counsellor")
    page = text(client.get(f"/users/{user.id}/edit"))
    assert user.email in page
    response = client.post(f"/users/{user.id}/edit", data=edit_data(
        user, first_name="Sara", email="Nieuw@Stad.be", role="coordinator"))
    assert response.status_code == 302
    assert (user.person.first_name, user.email, user.role) == ("Sara", "nieuw@stad.be", "coordinator")


def test_edit_to_supervisor_creates_the_supervisor_record(client, coordinator, make_user, db):
    user = make_user("counsellor")
    client.post(f"/users/{user.id}/edit", data=edit_data(user, role="supervisor"))
    assert user.role == "supervisor"
    assert db.session.execute(db.select(Supervisor).where(Supervisor.person_id == user.person_id)).scalar()


def test_edit_duplicate_email(client, coordinator, make_user):
    make_user("counsellor", email="bezet@stad.be")
    user = make_user("counsellor")
    old = user.email
    page = text(client.post(f"/users/{user.id}/edit", data=edit_data(user, email="BEZET@stad.be")))
    assert '<small class="field-error" id="email-error">Dit e-mailadres is al in gebruik.' in page
    assert user.email == old


def test_learner_role_cannot_change(client, coordinator, make_learner, make_user):
    learner_user = make_learner().person.user
    page = text(client.post(f"/users/{learner_user.id}/edit", data=edit_data(learner_user, role="coordinator")))
    assert "Kies een rol uit de lijst." in page
    staff = make_user("counsellor")
    page = text(client.post(f"/users/{staff.id}/edit", data=edit_data(staff, role="learner")))
    assert "Kies een rol uit de lijst." in page
    assert (learner_user.role, staff.role) == ("learner", "counsellor")


def test_supervisor_who_leads_floors_keeps_the_role(client, coordinator, make_supervisor):
    user = make_supervisor().person.user
    page = text(client.post(f"/users/{user.id}/edit", data=edit_data(user, role="counsellor")))
    assert "Deze begeleider leidt nog werkvloeren." in page
    assert user.role == "supervisor"


def test_coordinator_cannot_change_own_role_or_deactivate_self(client, coordinator):
    page = text(client.post(f"/users/{coordinator.id}/edit", data=edit_data(coordinator, role="counsellor")))
    assert "Je kunt je eigen rol niet wijzigen." in page
    data = edit_data(coordinator)
    del data["active"]
    page = text(client.post(f"/users/{coordinator.id}/edit", data=data))
    assert "Je kunt je eigen account niet deactiveren." in page
    response = client.post(f"/users/{coordinator.id}/deactivate", follow_redirects=True)
    assert "Je kunt je eigen account niet deactiveren." in text(response)
    assert coordinator.role == "coordinator" and coordinator.active


def test_edit_conflict(client, coordinator, make_user, db):
    user = make_user("counsellor")
    seen = user.version
    user.email = "iemand.anders@stad.be"
    db.session.commit()  # another request saved it
    response = client.post(f"/users/{user.id}/edit", data=edit_data(user, email="mijn.invoer@stad.be",
                                                                    version=seen))
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in text(response)
    assert 'value="mijn.invoer@stad.be"' in text(response)
    assert user.email == "iemand.anders@stad.be"


def test_name_change_bumps_the_version(client, coordinator, make_user):
    user = make_user("counsellor")
    seen = user.version
    client.post(f"/users/{user.id}/edit", data=edit_data(user, first_name="Nieuw"))
    assert user.version > seen


def test_reset_password(client, coordinator, make_user):
    user = make_user("counsellor")
    assert client.get(f"/users/{user.id}/password").status_code == 200
    page = text(client.post(f"/users/{user.id}/password", data={"password": "kort"}))
    assert "Kies minstens 10 tekens." in page and user.check_password(PASSWORD)
    assert client.post(f"/users/{user.id}/password", data={"password": NEW_PASSWORD}).status_code == 302
    assert user.check_password(NEW_PASSWORD)


def test_deactivated_user_cannot_log_in_until_reactivated(client, coordinator, make_user):
    user = make_user("counsellor")
    assert client.post(f"/users/{user.id}/deactivate").status_code == 302
    assert user.active is False
    assert client.post(f"/users/{user.id}/reactivate").status_code == 302
    assert user.active is True


@pytest.mark.parametrize("role", ["supervisor", "counsellor", "learner"])
def test_only_the_coordinator_manages_users(client, login, make_user, role):
    other = make_user("counsellor")
    login(make_user(role))
    assert client.get("/users/").status_code == 403
    assert client.post(f"/users/{other.id}/password", data={"password": NEW_PASSWORD}).status_code == 403
    assert client.post(f"/users/{other.id}/deactivate").status_code == 403
    assert other.active and other.check_password(PASSWORD)


def test_cli_create_user_refuses_a_duplicate_email_in_dutch(cli, make_user):
    make_user("coordinator", email="baas@stad.be")
    result = cli.invoke(args=["create-user", "--email", "BAAS@stad.be", "--first-name", "A", "--last-name", "B",
                              "--password", NEW_PASSWORD])
    assert result.exit_code != 0
    assert "Dit e-mailadres is al in gebruik." in result.output
