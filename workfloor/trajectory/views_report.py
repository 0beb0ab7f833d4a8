"""The city's report page: per floor and period, with charts and the learners behind each figure.

Everyone sees the figures of the learners they may see: the coordinator all, a supervisor the
learners of their floors, a counsellor their caseload. The names behind a figure are a read of
those learners' files and go into the audit log.
"""
from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from workfloor import audit, clock
from workfloor.access import role_required, user_floor_ids, visible_learners
from workfloor.extensions import db
from workfloor.models import Floor, Learner
from workfloor.trajectory import bp
from workfloor.trajectory.charts import bar_chart
from workfloor.trajectory.report import city_report
from workfloor.trajectory.vocabulary import OutcomeKind
from workfloor.vocabulary import Role

C, S, T = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR


def report_floors(user) -> list[Floor]:
    """The floors whose figures this user may read: all (coordinator), their own (supervisor), their
    caseload's (counsellor)."""
    query = select(Floor).where(Floor.active).order_by(Floor.name)
    if user.role == Role.COUNSELLOR:
        query = query.where(Floor.id.in_(select(Floor.id).join(Learner.floors).where(
            Learner.counsellor_id == user.person_id)))
    else:
        floor_ids = user_floor_ids(user)
        if floor_ids is not None:
            query = query.where(Floor.id.in_(floor_ids or {0}))
    return list(db.session.execute(query).scalars())


def _period() -> tuple[date, date, list[str]]:
    today = clock.today()
    errors = []
    values = {}
    for name, default in (("start", date(today.year, 1, 1)), ("end", date(today.year, 12, 31))):
        raw = request.args.get(name, "").strip()
        try:
            values[name] = date.fromisoformat(raw) if raw else default
        except ValueError:
            values[name] = default
            errors.append(_("Dit is geen geldige datum: %(value)s. Gebruik de vorm jjjj-mm-dd.", value=raw[:20]))
    if values["end"] < values["start"]:
        errors.append(_("Het einde van de periode ligt vóór het begin."))
    return values["start"], values["end"], errors


@bp.route("/report")
@role_required(C, S, T)
def city():
    start, end, errors = _period()
    floors = report_floors(current_user)
    chosen = request.args.get("floor", "").strip()
    floor = next((f for f in floors if str(f.id) == chosen), None)
    if chosen and floor is None:
        errors.append(_("Kies een werkvloer uit de lijst."))
    if errors:
        return render_template("trajectory/city_report.html", errors=errors, start=start, end=end, floors=floors,
                               chosen=chosen, columns=[], total=None), 400
    scope = visible_learners(current_user)
    shown = [floor] if floor else floors
    columns = [city_report(scope, start, end, floor=f) for f in shown]
    total = columns[0] if floor else city_report(scope, start, end, floor_ids=[f.id for f in floors])
    if floor:
        columns = []
    names = {learner.id: learner for learner in db.session.execute(
        select(Learner).where(Learner.id.in_(total.active.learner_ids))).scalars()} if total.active.learner_ids else {}
    outcome_labels = dict(OutcomeKind.choices())
    charts = {
        "attendance": bar_chart([(_floor_name(c), (c.attendance_rate or 0) * 100, _pct(c.attendance_rate))
                                 for c in (columns or [total])], _("Aanwezigheid per werkvloer"), maximum=100),
        "outcomes": bar_chart([(outcome_labels[kind], figure.value, str(int(figure.value)))
                               for kind, figure in total.outcomes.items()], _("Uitstroom")),
        "evaluations": bar_chart([(_floor_name(c), (c.on_time_rate or 0) * 100, _pct(c.on_time_rate))
                                  for c in (columns or [total])], _("Evaluaties op tijd"), maximum=100),
    }
    page = render_template("trajectory/city_report.html", errors=[], start=start, end=end, floors=floors,
                           chosen=chosen, columns=columns, total=total, names=names, charts=charts,
                           outcome_labels=outcome_labels, pct=_pct)
    audit.record_views(db.session, total.active.learner_ids, "city_report")
    db.session.commit()
    return page


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def _floor_name(report) -> str:
    return report.floor.name if report.floor else _("Alle werkvloeren")
