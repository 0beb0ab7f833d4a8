"""The move to a job: employers and vacancies, applications and job-tastings per learner."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import count, text
from workfloor.models import Employer, JobApplication, Vacancy


@pytest.fixture
def learner(make_learner, counsellor):
    return make_learner(counsellor=counsellor.person)


def test_keep_employers_and_vacancies_and_log_a_job_tasting(client, login, counsellor, learner, db):
    login(counsellor)
    response = client.post("/trajectory/employers", data={"name": "Groendienst Peeters", "sector": "groen",
                                                           "active": "y"})
    assert response.status_code == 302
    employer = db.session.execute(select(Employer)).scalar_one()
    assert client.post("/trajectory/employers", data={"name": "Groendienst Peeters"}).status_code == 400
    response = client.post(f"/trajectory/employers/{employer.id}/vacancies",
                           data={"title": "Groenarbeider", "open": "y", "closes_on": "2026-12-31"})
    assert response.status_code == 302
    vacancy = db.session.execute(select(Vacancy)).scalar_one()
    response = client.post(f"/trajectory/learners/{learner.id}/applications",
                           data={"employer": str(employer.id), "vacancy": str(vacancy.id), "kind": "job_tasting",
                                 "day": "2026-03-02", "result": "positive", "note": "Drie dagen meegedraaid"})
    assert response.status_code == 302
    application = db.session.execute(select(JobApplication)).scalar_one()
    assert (application.learner_id, application.kind, application.result) == (learner.id, "job_tasting", "positive")
    page = text(client.get(f"/trajectory/learners/{learner.id}/applications"))
    assert "Jobproef" in page and "Groendienst Peeters" in page and "Groenarbeider" in page


def test_a_vacancy_of_another_employer_is_refused(client, login, counsellor, learner, db):
    one, other = Employer(name="A"), Employer(name="B")
    vacancy = Vacancy(employer=other, title="Poetser")
    db.session.add_all([one, other, vacancy])
    db.session.flush()
    login(counsellor)
    response = client.post(f"/trajectory/learners/{learner.id}/applications",
                           data={"employer": str(one.id), "vacancy": str(vacancy.id), "kind": "application",
                                 "day": "2026-03-02", "result": "pending"})
    assert response.status_code == 400 and "hoort niet bij de gekozen werkgever" in text(response)
    response = client.post(f"/trajectory/learners/{learner.id}/applications",
                           data={"employer": "", "kind": "stage", "day": "", "result": "?"})
    page = text(response)
    assert response.status_code == 400 and "Kies een werkgever uit de lijst." in page
    assert "Kies sollicitatie of jobproef." in page and "Kies een resultaat uit de lijst." in page
    assert count(db, JobApplication) == 0


def test_a_stale_employer_edit_gets_409(client, login, counsellor, db):
    employer = Employer(name="Net & Proper")
    db.session.add(employer)
    db.session.flush()
    login(counsellor)
    data = {"name": "Net & Proper nv", "active": "y", "version": employer.version}
    assert client.post(f"/trajectory/employers/{employer.id}", data=data).status_code == 302
    response = client.post(f"/trajectory/employers/{employer.id}", data=data | {"sector": "schoonmaak"})
    assert response.status_code == 409 and "schoonmaak" in text(response)


def test_another_counsellors_learner_is_hidden_and_supervisors_are_refused(client, login, learner, make_user,
                                                                           make_supervisor):
    login(make_user("counsellor"))
    assert client.get(f"/trajectory/learners/{learner.id}/applications").status_code == 404
    login(make_supervisor(floors=learner.floors).person.user)
    assert client.get(f"/trajectory/learners/{learner.id}/applications").status_code == 403
    assert client.get("/trajectory/employers").status_code == 403
