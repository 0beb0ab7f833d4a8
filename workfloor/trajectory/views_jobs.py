"""The move to a job (doorstroom): employers and their vacancies, kept by the counsellors, and each
learner's applications and job-tastings. The outcome at the end lives with the trajectory (views.py)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField

from workfloor import audit
from workfloor.access import learner_or_404, role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.framework.forms import options
from workfloor.models import Employer, JobApplication, Vacancy
from workfloor.trajectory import bp
from workfloor.trajectory import operations as ops
from workfloor.trajectory.access import row_or_404
from workfloor.trajectory.forms import ApplicationForm, EmployerForm, VacancyForm
from workfloor.trajectory.vocabulary import ApplicationKind, ApplicationResult
from workfloor.vocabulary import Role

C, T = Role.COORDINATOR, Role.COUNSELLOR
EMPLOYER_FIELDS = ("name", "sector", "social_economy", "contact_name", "phone", "email", "active")
VACANCY_FIELDS = ("title", "description", "closes_on", "open")
TAKEN = _l("Er is al een werkgever met deze naam.")


def _name_taken(name: str, employer_id: int | None) -> bool:
    found = db.session.execute(select(Employer.id).where(Employer.name == name.strip())).scalar()
    return found is not None and found != employer_id


def _apply(record, form, fields) -> None:
    for name in fields:
        field = getattr(form, name)
        value = (field.data or "").strip() if isinstance(field, StringField) else field.data
        setattr(record, name, value)
    db.session.flush()


@bp.route("/employers", methods=["GET", "POST"])
@role_required(C, T)
def employers():
    form = EmployerForm()
    if form.validate_on_submit():
        if _name_taken(form.name.data, None):
            form.name.errors.append(str(TAKEN))
        else:
            employer = Employer()
            db.session.add(employer)
            _apply(employer, form, EMPLOYER_FIELDS)
            db.session.commit()
            flash(_("De werkgever is toegevoegd."), "success")
            return redirect(url_for(".employer", employer_id=employer.id))
    elif request.method == "GET":
        form.active.data = True
    rows = db.session.execute(select(Employer).order_by(Employer.active.desc(), Employer.name)).scalars().all()
    return render_template("trajectory/employers.html", form=form, employers=rows), \
        400 if request.method == "POST" else 200


@bp.route("/employers/<int:employer_id>", methods=["GET", "POST"])
@role_required(C, T)
def employer(employer_id: int):
    """An employer: its details to edit, its vacancies, a new vacancy."""
    employer = db.get_or_404(Employer, employer_id)
    form = EmployerForm(obj=employer, version=employer.version) if request.method == "GET" else EmployerForm()
    vacancy_form = VacancyForm(formdata=None, open=True)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        if _name_taken(form.name.data, employer.id):
            form.name.errors.append(str(TAKEN))
        elif commit_versioned(employer, form.version.data, lambda: _apply(employer, form, EMPLOYER_FIELDS)):
            flash(_("De werkgever is opgeslagen."), "success")
            return redirect(url_for(".employer", employer_id=employer.id))
        else:
            flash(str(CONFLICT_MESSAGE), "error")
            form.version.data = employer.version
            status = 409
    return render_template("trajectory/employer.html", employer=employer, form=form, vacancy_form=vacancy_form), status


@bp.route("/employers/<int:employer_id>/vacancies", methods=["POST"])
@role_required(C, T)
def add_vacancy(employer_id: int):
    employer = db.get_or_404(Employer, employer_id)
    vacancy_form = VacancyForm()
    if vacancy_form.validate_on_submit():
        vacancy = Vacancy(employer_id=employer.id)
        db.session.add(vacancy)
        _apply(vacancy, vacancy_form, VACANCY_FIELDS)
        db.session.commit()
        flash(_("De vacature is toegevoegd."), "success")
        return redirect(url_for(".employer", employer_id=employer.id))
    form = EmployerForm(formdata=None, obj=employer, version=employer.version)
    return render_template("trajectory/employer.html", employer=employer, form=form, vacancy_form=vacancy_form), 400


@bp.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
@role_required(C, T)
def edit_vacancy(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = VacancyForm(obj=vacancy, version=vacancy.version) if request.method == "GET" else VacancyForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        if commit_versioned(vacancy, form.version.data, lambda: _apply(vacancy, form, VACANCY_FIELDS)):
            flash(_("De vacature is opgeslagen."), "success")
            return redirect(url_for(".employer", employer_id=vacancy.employer_id))
        flash(str(CONFLICT_MESSAGE), "error")
        form.version.data = vacancy.version
        status = 409
    return render_template("trajectory/vacancy_form.html", form=form, vacancy=vacancy), status


def _application_choices(form: ApplicationForm, keep: JobApplication | None = None) -> None:
    employers = db.session.execute(select(Employer).where(
        Employer.active | (Employer.id == (keep.employer_id if keep else None))).order_by(Employer.name)).scalars()
    form.employer.choices = options([("", "—")] + [(e.id, e.name) for e in employers])
    vacancies = db.session.execute(select(Vacancy).join(Vacancy.employer).where(
        Vacancy.open | (Vacancy.id == (keep.vacancy_id if keep else None))).order_by(Employer.name, Vacancy.title))
    form.vacancy.choices = options([("", _("Geen vacature (spontaan of jobproef)"))]
                                   + [(v.id, str(v)) for v in vacancies.scalars()])


def _save_application(application: JobApplication, form: ApplicationForm) -> None:
    application.employer_id = int(form.employer.data)
    application.vacancy_id = int(form.vacancy.data) if form.vacancy.data else None
    application.kind, application.day, application.result = form.kind.data, form.day.data, form.result.data
    application.note = (form.note.data or "").strip()
    db.session.flush()


def _vacancy_matches(form: ApplicationForm) -> bool:
    """A chosen vacancy must belong to the chosen employer."""
    if not form.vacancy.data:
        return True
    vacancy = db.session.get(Vacancy, int(form.vacancy.data))
    if vacancy is None or str(vacancy.employer_id) != form.employer.data:
        form.vacancy.errors.append(_("Deze vacature hoort niet bij de gekozen werkgever."))
        return False
    return True


@bp.route("/learners/<int:learner_id>/applications", methods=["GET", "POST"])
@role_required(C, T)
def applications(learner_id: int):
    learner = learner_or_404(learner_id, edit=True)
    form = ApplicationForm()
    _application_choices(form)
    if form.validate_on_submit() and _vacancy_matches(form):
        application = JobApplication(learner_id=learner.id)
        db.session.add(application)
        _save_application(application, form)
        db.session.commit()
        flash(_("De sollicitatie of jobproef is genoteerd."), "success")
        return redirect(url_for(".applications", learner_id=learner.id))
    if request.method == "GET":
        form.result.data = "pending"
    rows = db.session.execute(select(JobApplication).where(JobApplication.learner_id == learner.id)
                              .order_by(JobApplication.day.desc(), JobApplication.id.desc())).scalars().all()
    page = render_template("trajectory/applications.html", learner=learner, form=form, rows=rows,
                           kind_labels=dict(ApplicationKind.choices()), result_labels=dict(ApplicationResult.choices()),
                           outcome=ops.outcome_of(learner.id)), 400 if request.method == "POST" else 200
    audit.record_view(db.session, learner, "applications")
    db.session.commit()
    return page


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@role_required(C, T)
def edit_application(application_id: int):
    application = row_or_404(JobApplication, application_id, secrecy=True)
    learner = application.learner
    if request.method == "GET":
        form = ApplicationForm(employer=str(application.employer_id), vacancy=str(application.vacancy_id or ""),
                               kind=application.kind, day=application.day, result=application.result,
                               note=application.note, version=application.version)
    else:
        form = ApplicationForm()
    _application_choices(form, keep=application)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit() and _vacancy_matches(form):
        if commit_versioned(application, form.version.data, lambda: _save_application(application, form)):
            flash(_("De sollicitatie of jobproef is opgeslagen."), "success")
            return redirect(url_for(".applications", learner_id=application.learner_id))
        flash(str(CONFLICT_MESSAGE), "error")
        form.version.data = application.version
        status = 409
    page = render_template("trajectory/application_form.html", form=form, application=application,
                           learner=learner), status
    audit.record_view(db.session, learner, "application")
    db.session.commit()
    return page
