"""User accounts: the coordinator creates, edits, resets passwords, deactivates.

Learner accounts are made here too, but only for a learner file that exists and
has no account yet (the learner screen owns the file itself).
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from workfloor.auth import sessions
from workfloor.access import role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.listing import filter_search, filter_status, list_args
from workfloor.models import Learner, Person, User
from workfloor.users import bp
from workfloor.users.forms import PasswordResetForm, UserCreateForm, UserEditForm
from workfloor.users.operations import (
    STAFF_ROLES, UserError, create_learner_user, create_staff_user, learners_without_account, reset_password,
    set_user_active, update_user,
)
from workfloor.vocabulary import Role

C = Role.COORDINATOR


def _show_error(form, error: UserError) -> None:
    """Put an operation's refusal next to the field it is about (or on top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")


@bp.route("/")
@role_required(C)
def index():
    q, status = list_args()
    role = request.args.get("role", "")
    query = filter_status(select(User).join(User.person), User.active, status)
    query = filter_search(query, q, Person.first_name, Person.last_name, User.email)
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    users = db.session.execute(query.order_by(Person.last_name, Person.first_name)).scalars().all()
    return render_template("users/index.html", users=users, q=q, status=status, role=role)


@bp.route("/new", methods=["GET", "POST"])
@role_required(C)
def create():
    form = UserCreateForm()
    learners = learners_without_account()
    form.learner_id.choices = [("", "—")] + [(str(learner.id), learner.name) for learner in learners]
    if form.validate_on_submit():
        try:
            if form.role.data == Role.LEARNER:
                learner = db.session.get(Learner, form.learner_id.data)
                user = create_learner_user(learner, email=form.email.data, password=form.password.data)
            else:
                user = create_staff_user(email=form.email.data, first_name=form.first_name.data,
                                         last_name=form.last_name.data, role=form.role.data,
                                         password=form.password.data)
        except UserError as error:  # raised before anything changed
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("Account voor %(name)s is aangemaakt.", name=user.name), "success")
            return redirect(url_for(".index"))
    return render_template("users/create.html", form=form, has_learners=bool(learners))


def _role_choices(user: User) -> list[tuple[str, str]]:
    roles = (Role.LEARNER,) if user.role == Role.LEARNER else STAFF_ROLES
    return [(role.value, role.label) for role in roles]


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(C)
def edit(user_id: int):
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        form = UserEditForm(obj=user, first_name=user.person.first_name, last_name=user.person.last_name)
    else:  # only what was sent counts: a missing version must not pass as the current one
        form = UserEditForm()
    form.role.choices = _role_choices(user)
    if form.validate_on_submit():
        try:
            saved = commit_versioned(user, form.version.data, lambda: update_user(
                user, acting_user=current_user, first_name=form.first_name.data, last_name=form.last_name.data,
                email=form.email.data, role=form.role.data, active=form.active.data))
        except UserError as error:  # raised before anything changed
            _show_error(form, error)
        else:
            if not saved:
                flash(str(CONFLICT_MESSAGE), "error")
                form.version.data = user.version
                return render_template("users/edit.html", form=form, user=user), 409
            flash(_("Account van %(name)s is opgeslagen.", name=user.name), "success")
            return redirect(url_for(".index"))
    return render_template("users/edit.html", form=form, user=user)


@bp.route("/<int:user_id>/password", methods=["GET", "POST"])
@role_required(C)
def password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            reset_password(user, form.password.data)
        except UserError as error:
            _show_error(form, error)
        else:
            if user.id == current_user.id:  # a reset of one's own account ends the other sessions, not this one
                sessions.start(user)
            db.session.commit()
            if user.id == current_user.id:
                login_user(user)
            flash(_("Het nieuwe wachtwoord van %(name)s is ingesteld.", name=user.name), "success")
            return redirect(url_for(".edit", user_id=user.id))
    return render_template("users/password.html", form=form, user=user)


def _set_active(user_id: int, active: bool):
    user = db.get_or_404(User, user_id)
    try:
        set_user_active(user, active, acting_user=current_user)
    except UserError as error:
        flash(str(error), "error")
        return redirect(url_for(".edit", user_id=user.id))
    db.session.commit()
    message = _("Account van %(name)s is weer actief.", name=user.name) if active else _(
        "Account van %(name)s is gedeactiveerd.", name=user.name)
    flash(message, "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@role_required(C)
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@role_required(C)
def reactivate(user_id: int):
    return _set_active(user_id, True)
