"""Notices: publishing changes tells everyone whose day changed, in the app and by e-mail.

The mail tests start a real SMTP server on localhost (aiosmtpd) and read what arrives.
"""
from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.app.test_planning_floors import JSON, board_url, generate, plans, publish, token, two  # noqa: F401
from tests.conftest import text
from workfloor.models import Notice
from workfloor.planning import notices


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    old = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SEND_SYNC")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_SEND_SYNC=True)
    yield inbox
    app.config.update(old)
    controller.stop()


@pytest.fixture(autouse=True)
def solve_in_request(app):
    old = {k: app.config.get(k) for k in ("PLANNING_SOLVE_SYNC", "PLANNING_TIME_LIMIT")}
    app.config.update(PLANNING_SOLVE_SYNC=True, PLANNING_TIME_LIMIT=3)
    yield
    app.config.update(old)


def published_then_moved(client, db, two, login):  # noqa: F811
    """Groen publishes; then one learner moves from the crew to the pool and the change is published."""
    green = two["green"]
    login(green["supervisor"].person.user)
    generate(client, two, "green")
    publish(client, two, "green")
    member = next(m for m in plans(db, two, "green")["published"].members if m.role == "learner")
    moved = client.post(board_url(two, "move"), headers=JSON, data={
        "version": token(two["day"], green["floor"]), "kind": "learner", "subject": member.person_id,
        "source": member.assignment_id, "target": ""})
    assert moved.status_code == 200
    return member.person_id


def test_publishing_changes_mails_whose_day_changed(client, db, two, login, smtp):  # noqa: F811
    person_id = published_then_moved(client, db, two, login)
    assert smtp.messages == []  # nothing is sent for a change that is not published
    response = publish(client, two, "green")
    assert response.status_code == 200 and "melding" in response.get_json()["message"]
    learner = next(x for x in two["green"]["learners"] if x.person_id == person_id)
    mails = [m for rcpt, m in smtp.messages if learner.person.user.email in rcpt]
    assert len(mails) == 1
    body = mails[0].get_content()
    assert mails[0]["Subject"].startswith("Je planning is gewijzigd")
    assert f"Dag {learner.person.first_name}," in body and "Je staat niet meer in de ploeg van Hagen scheren" in body
    notice = db.session.execute(select(Notice).where(Notice.person_id == person_id)).scalar_one()
    assert notice.mail_status == "sent"
    # In the app too: the learner's schedule and start page say what changed.
    login(learner.person.user)
    assert "Je staat niet meer in de ploeg van Hagen scheren" in text(client.get("/schedule/"))


def test_supervisors_hear_it_on_their_start_page(client, db, two, login, smtp):  # noqa: F811
    green = two["green"]
    login(green["supervisor"].person.user)
    generate(client, two, "green")
    publish(client, two, "green")
    member = next(m for m in plans(db, two, "green")["published"].members if m.role == "supervisor")
    client.post(board_url(two, "move"), headers=JSON, data={
        "version": token(two["day"], green["floor"]), "kind": "supervisor", "subject": member.person_id,
        "source": member.assignment_id, "target": ""})
    publish(client, two, "green")
    assert any(green["supervisor"].person.user.email in rcpt for rcpt, _m in smtp.messages)
    home = text(client.get("/"))
    assert "Je planning is gewijzigd" in home and "Je staat niet meer in de ploeg van" in home


def test_no_mail_for_who_turned_it_off(client, db, two, login, smtp):  # noqa: F811
    for learner in two["green"]["learners"]:
        login(learner.person.user)
        assert client.post("/account/notices", data={"save": "1"}).status_code == 302  # the box unticked
        db.session.refresh(learner.person.user)
        assert learner.person.user.mail_notices is False
    published_then_moved(client, db, two, login)
    publish(client, two, "green")
    learner_mails = {x.person.user.email for x in two["green"]["learners"]}
    assert not [m for rcpt, m in smtp.messages if set(rcpt) & learner_mails]
    assert db.session.execute(select(Notice)).scalars().all()  # the app still shows it


def test_nothing_is_sent_while_mail_is_not_set_up(client, db, two, login, monkeypatch):  # noqa: F811
    sent = []
    monkeypatch.setattr(notices, "_send", lambda message: sent.append(message))
    published_then_moved(client, db, two, login)
    assert publish(client, two, "green").status_code == 200
    assert sent == []
    assert {n.mail_status for n in db.session.execute(select(Notice)).scalars()} == {"none"}


def test_a_failed_send_is_logged_retried_and_never_blocks_the_publish(client, db, two, login, app, caplog):  # noqa: F811
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    dead = port.getsockname()[1]
    port.close()  # nobody listens here
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=dead, MAIL_SEND_SYNC=True)
    try:
        published_then_moved(client, db, two, login)
        response = publish(client, two, "green")
        assert response.status_code == 200  # published all the same
        assert set(plans(db, two, "green")) == {"published"}
        notice = db.session.execute(select(Notice)).scalars().first()
        assert notice.mail_status == "pending" and notice.mail_attempts == 1 and notice.mail_error
        assert "notice mail to person" in caplog.text
        # The mail server is back: the next run (cron's `flask send-notices`) delivers it.
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            app.config.update(MAIL_PORT=controller.port)
            result = app.test_cli_runner().invoke(args=["send-notices"])
            assert result.exit_code == 0 and "sent" in result.output
            assert inbox.messages
        finally:
            controller.stop()
        db.session.expire_all()
        assert db.session.get(Notice, notice.id).mail_status == "sent"
    finally:
        app.config.update(MAIL_SERVER="", MAIL_SEND_SYNC=False)


def test_each_mail_speaks_its_readers_language(client, db, two, login, smtp):  # noqa: F811
    for learner in two["green"]["learners"]:
        learner.person.user.locale = "en"
    db.session.commit()
    person_id = published_then_moved(client, db, two, login)
    publish(client, two, "green")  # by a supervisor who reads Dutch
    moved = next(x for x in two["green"]["learners"] if x.person_id == person_id)
    mail = next(m for rcpt, m in smtp.messages if moved.person.user.email in rcpt)
    assert mail["Subject"].startswith("Your schedule has changed")
    body = mail.get_content()
    assert f"Hello {moved.person.first_name}," in body and "You are no longer in the crew of Hagen scheren" in body
    assert "Je " not in body
    # The supervisor's own mail stays Dutch.
    green = two["green"]["supervisor"]
    assert all(m["Subject"].startswith("Je planning") for rcpt, m in smtp.messages if green.person.user.email in rcpt)
