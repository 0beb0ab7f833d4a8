from datetime import date

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from workfloor.access import ALL_ROLES, public, role_required, supervisor_of, visible_learners
from workfloor.extensions import db
from workfloor.main import bp
from workfloor.models import Absence, Floor, Learner, Person, Site, Supervisor, User, Vehicle
from workfloor.vocabulary import Role


@bp.route("/")
@role_required(*ALL_ROLES)
def home():
    today = date.today()
    if current_user.role == Role.LEARNER:
        learner = db.session.execute(select(Learner).where(Learner.person_id == current_user.person_id)).scalar()
        absences = []
        if learner:
            absences = db.session.execute(
                select(Absence).where(Absence.person_id == learner.person_id, Absence.end_date >= today)
                .order_by(Absence.start_date)).scalars().all()
        return render_template("main/home_learner.html", learner=learner, absences=absences)
    learners = db.session.execute(
        visible_learners(current_user).join(Learner.person).where(Person.active)
        .order_by(Person.last_name, Person.first_name)
    ).scalars().unique().all()
    counts = {}
    if current_user.role == Role.COORDINATOR:
        counts = {
            "floors": db.session.scalar(select(func.count()).select_from(Floor).where(Floor.active)),
            "supervisors": db.session.scalar(select(func.count()).select_from(Supervisor)),
            "users": db.session.scalar(select(func.count()).select_from(User).where(User.active)),
            "sites": db.session.scalar(select(func.count()).select_from(Site).where(Site.active)),
            "vehicles": db.session.scalar(select(func.count()).select_from(Vehicle).where(Vehicle.active)),
        }
    return render_template("main/home.html", learners=learners, counts=counts, today=today,
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
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("main.home"))
