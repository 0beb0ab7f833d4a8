"""Notices: when a floor publishes changes, everyone whose day changed hears it, in the app and by e-mail.

A notice is stored with the publication (same transaction). Mail goes out after the commit, from a
background thread (synchronously with ``MAIL_SEND_SYNC``, as in tests), never inside the publish:
a mail server that is down is logged, the notice stays pending and the next run (the next publish,
or ``flask send-notices`` from cron) retries it, up to ``MAX_ATTEMPTS`` times.
"""
from __future__ import annotations

import smtplib
import threading
from collections import defaultdict
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

import click
from babel.dates import format_date
from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workfloor.extensions import db
from workfloor.models import DayPlan, Notice, User
from workfloor.planning.text import _, speaking

MAX_ATTEMPTS = 5
SHOWN_DAYS_BACK = 1  # the start page and schedule show notices of today and later (and yesterday's)


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def create_notices(plan: DayPlan, persons: list[int], changes: list[dict[str, Any]]) -> list[Notice]:
    """One notice per person whose day changed in this publication (flushes)."""
    if not persons:
        return []
    users = {u.person_id: u for u in db.session.execute(
        select(User).where(User.person_id.in_(persons), User.active)).scalars()}
    mail = mail_configured()
    notices = []
    for person_id in persons:
        mine = [c for c in changes if c["key"] == f"person:{person_id}"]
        crew_places = {p for c in changes if c["key"].startswith("vehicle:") for p in c["from"] + c["to"]}
        vans = [c for c in changes if c["key"].startswith("vehicle:")
                and any(m.person_id == person_id and f"{m.assignment.name} ({m.assignment.site.name})" in crew_places
                        for m in plan.members)]
        user = users.get(person_id)
        wants_mail = mail and user is not None and user.mail_notices and bool(user.email)
        notice = Notice(person_id=person_id, day=plan.day, floor_id=plan.floor_id, revision=plan.revision,
                        details={"moves": [{"from": c["from"], "to": c["to"]} for c in mine],
                                 "vans": [{"van": c["who"], "from": c["from"], "to": c["to"]} for c in vans]},
                        mail_status="pending" if wants_mail else "none")
        db.session.add(notice)
        notices.append(notice)
    db.session.flush()
    return notices


def lines(notice: Notice) -> list[str]:
    """What changed, said to the person themselves, in the reader's language."""
    out = []
    nowhere = _("niet ingepland")
    for move in notice.details.get("moves", []):
        before = ", ".join(move.get("from") or []) or nowhere
        after = ", ".join(move.get("to") or []) or nowhere
        if not move.get("to"):
            out.append(_("Je staat niet meer in de ploeg van %(before)s.", before=before))
        elif not move.get("from"):
            out.append(_("Je werkt nu bij %(after)s.", after=after))
        else:
            out.append(_("Je werkt nu bij %(after)s in plaats van %(before)s.", after=after, before=before))
    for van in notice.details.get("vans", []):
        if van.get("to"):
            out.append(_("Je ploeg rijdt met %(van)s.", van=van["van"]))
        else:
            out.append(_("%(van)s rijdt niet meer met je ploeg.", van=van["van"]))
    return out or [_("Je planning is gewijzigd.")]


def shown_since(today: date) -> date:
    """The first day whose notices are still shown."""
    return today - timedelta(days=SHOWN_DAYS_BACK)


def recent_for(person_id: int, today: date) -> list[Notice]:
    """The person's notices about today and later days, newest first."""
    return list(db.session.execute(
        select(Notice).where(Notice.person_id == person_id, Notice.day >= shown_since(today))
        .order_by(Notice.created_at.desc(), Notice.id.desc()).limit(20)).scalars())


# ------------------------------------------------------------------ e-mail

def long_day(day: date) -> str:
    """"maandag 7 december", in the reader's language."""
    return format_date(day, "EEEE d MMMM", locale=str(get_locale() or "nl"))


def _message(user: User, notices: list[Notice]) -> EmailMessage:
    """The mail in the recipient's own language (mails go out from a background thread)."""
    with speaking(user.locale or "nl"):
        return _compose(user, notices)


def _compose(user: User, notices: list[Notice]) -> EmailMessage:
    days = sorted({n.day for n in notices})
    message = EmailMessage()
    message["Subject"] = _("Je planning is gewijzigd: %(days)s", days=", ".join(long_day(d) for d in days))
    message["From"] = current_app.config.get("MAIL_DEFAULT_SENDER") or "planning@workfloor.invalid"
    message["To"] = user.email
    body = [_("Dag %(name)s,", name=user.person.first_name), ""]
    for notice in sorted(notices, key=lambda n: (n.day, n.id)):
        body.append(long_day(notice.day) + ":")
        body += [f"- {line}" for line in lines(notice)]
        body.append("")
    body += [_("Bekijk je planning in de app."), "",
             _("Je krijgt deze e-mail omdat je planning veranderde. Je kunt deze e-mails uitzetten bij je "
               "instellingen in de app.")]
    message.set_content("\n".join(body))
    return message


def _send(message: EmailMessage) -> None:
    config = current_app.config
    server_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with server_class(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=10) as server:
        if config.get("MAIL_USE_TLS"):
            server.starttls()
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        server.send_message(message)


def deliver_pending() -> tuple[int, int]:
    """Mail every pending notice (one mail per person); returns (sent, failed). Commits its own work."""
    if not mail_configured():
        return 0, 0
    pending = db.session.execute(
        select(Notice).where(Notice.mail_status == "pending", Notice.mail_attempts < MAX_ATTEMPTS)
        .options(joinedload(Notice.person)).order_by(Notice.id)).scalars().all()
    by_person: dict[int, list[Notice]] = defaultdict(list)
    for notice in pending:
        by_person[notice.person_id].append(notice)
    users = {u.person_id: u for u in db.session.execute(
        select(User).where(User.person_id.in_(by_person))).scalars()} if by_person else {}
    sent = failed = 0
    for person_id, notices in by_person.items():
        user = users.get(person_id)
        if user is None or not user.mail_notices or not user.active:
            for n in notices:
                n.mail_status = "none"
            continue
        try:
            _send(_message(user, notices))
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            current_app.logger.warning("notice mail to person %s failed (attempt %s): %s", person_id,
                                       notices[0].mail_attempts + 1, error)
            for n in notices:
                n.mail_attempts += 1
                n.mail_error = str(error)[:500]
                if n.mail_attempts >= MAX_ATTEMPTS:
                    n.mail_status = "failed"
        else:
            sent += 1
            for n in notices:
                n.mail_attempts += 1
                n.mail_status, n.mail_error = "sent", ""
    db.session.commit()
    return sent, failed


def send_soon() -> None:
    """After a commit that made notices: mail them without holding up the request."""
    if not mail_configured():
        return
    app = current_app._get_current_object()
    if app.config.get("MAIL_SEND_SYNC"):
        _deliver_logged()
        return

    def work() -> None:
        with app.app_context():
            try:
                _deliver_logged()
            finally:
                db.session.remove()

    threading.Thread(target=work, name="notice-mail", daemon=True).start()


def _deliver_logged() -> None:
    try:
        deliver_pending()
    except Exception:  # mail must never break the publish that triggered it; the next run retries
        current_app.logger.exception("delivering notice mails failed")
        db.session.rollback()


@click.command("send-notices")
def send_notices_command() -> None:
    """Mail the pending notices of changed days (retries failed sends; run it from cron)."""
    if not mail_configured():
        click.echo("MAIL_SERVER is not set: nothing is sent.")
        return
    sent, failed = deliver_pending()
    click.echo(f"{sent} mails sent, {failed} failed (they are retried on the next run).")
