from datetime import date, timedelta

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from workfloor import clock
from workfloor.access import ALL_ROLES, public, role_required, supervisor_of, user_floor_ids
from workfloor.availability.operations import availability_on
from workfloor.edge import safe_next
from workfloor.extensions import db
from workfloor.main import bp
from workfloor.planning import notices
from workfloor.models import DayPlan, Floor, Learner, Site, Supervisor, User, Vehicle
from workfloor.vocabulary import WEEKDAYS, Role


def next_working_day(day: date) -> date:
    """The first Monday-to-Friday after `day`."""
    day += timedelta(days=1)
    while day.weekday() not in WEEKDAYS:
        day += timedelta(days=1)
    return day


@bp.route("/")
@role_required(*ALL_ROLES)
def home():
    """Each role starts where its work is: learners at their schedule, counsellors at their caseload."""
    if current_user.role == Role.LEARNER:
        return redirect(url_for("schedule.mine"))
    if current_user.role == Role.COUNSELLOR:
        return redirect(url_for("progress.index"))
    today = clock.today()
    first = today if today.weekday() in WEEKDAYS else next_working_day(today)
    days = [first, next_working_day(first)]  # at the weekend: Monday and Tuesday, never Monday twice
    floor_ids = user_floor_ids(current_user)
    query = select(DayPlan.day, DayPlan.status).where(DayPlan.day.in_(days))
    if floor_ids is not None:
        query = query.where(DayPlan.floor_id.in_(floor_ids))
    statuses: dict[date, set[str]] = {}
    for day, status in db.session.execute(query):
        statuses.setdefault(day, set()).add(status)
    # Per day: "published" when every plan of the user's floors is published as it stands, else "draft".
    plans = {day: ("published" if found == {"published"} else "draft") for day, found in statuses.items()}
    person_notices = notices.recent_for(current_user.person_id, today)
    counts = {}
    if current_user.role == Role.COORDINATOR:
        counts = {
            "floors.index": db.session.scalar(select(func.count()).select_from(Floor).where(Floor.active)),
            "supervisors.index": db.session.scalar(select(func.count()).select_from(Supervisor)),
            "learners.index": db.session.scalar(select(func.count()).select_from(Learner)),
            "sites.index": db.session.scalar(select(func.count()).select_from(Site).where(Site.active)),
            "vehicles.index": db.session.scalar(select(func.count()).select_from(Vehicle).where(Vehicle.active)),
            "users.index": db.session.scalar(select(func.count()).select_from(User).where(User.active)),
        }
    return render_template("main/home.html", today=today, days=days, plans=plans, counts=counts,
                           notices=person_notices, notice_lines=notices.lines,
                           availability=availability_on(days[0], user_floor_ids(current_user)),
                           supervisor=supervisor_of(current_user))


@bp.route("/language", methods=["POST"])
@public
def set_language():
    lang = request.form.get("lang", "nl")
    if lang in current_app.config["LANGUAGES"]:
        session["locale"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))
