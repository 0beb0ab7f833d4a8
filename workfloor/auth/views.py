from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from workfloor.access import ALL_ROLES, public, role_required
from workfloor.auth import bp, sessions
from workfloor.auth.forms import LoginForm, NoticeSettingsForm, PasswordChangeForm
from workfloor.auth.operations import authenticate, normalise_email
from workfloor.auth.passwords import password_problem
from workfloor.edge import safe_next
from workfloor.extensions import db, limiter


# Throttles. Failed logins count per account and address together, so someone failing from many
# addresses cannot lock a person out of their account; each address also has its own, larger budget
# against one address trying many accounts. The address is the client's, as the trusted proxies
# (PROXY_HOPS) report it.

def _failed_login(response) -> bool:
    """Only failed attempts count towards the throttle; a login redirects."""
    return request.method == "POST" and response.status_code != 302


def _account_and_address() -> str:
    return f"login:{request.remote_addr}:{normalise_email(request.form.get('email', ''))[:254]}"


def _login_limit() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


def _address_limit() -> str:
    return current_app.config["LOGIN_ATTEMPTS_PER_ADDRESS"]


def _wrong_current_password(response) -> bool:
    return bool(g.get("wrong_current_password"))


def _own_account() -> str:
    return f"password:{getattr(current_user, 'id', '')}"


def _password_limit() -> str:
    return current_app.config["PASSWORD_CHANGE_ATTEMPTS"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed_login)
@limiter.limit(_login_limit, key_func=_account_and_address, methods=["POST"], deduct_when=_failed_login)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            sessions.start(user)
            login_user(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
        form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@role_required(*ALL_ROLES)
def logout():
    """Log out on this device: its session ends on the server (a copy of its cookie no longer works);
    the account's other devices stay logged in."""
    sessions.end(current_user)
    db.session.commit()
    logout_user()
    flash(_("Je bent afgemeld."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/logout/everywhere", methods=["POST"])
@role_required(*ALL_ROLES)
def logout_everywhere():
    """Log out on every device: a phone that was lost, a shared computer one forgot to log out on."""
    sessions.end_all(current_user)
    db.session.commit()
    logout_user()
    flash(_("Je bent afgemeld op al je toestellen."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@role_required(*ALL_ROLES)
@limiter.limit(_password_limit, key_func=_own_account, methods=["POST"], deduct_when=_wrong_current_password)
def change_password():
    """A new password of one's own; every other session of the account ends, this one goes on."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not user.check_password(form.current.data):
            g.wrong_current_password = True
            form.current.errors.append(_("Je huidige wachtwoord klopt niet."))
        elif problem := password_problem(form.new.data, email=user.email,
                                         names=(user.person.first_name, user.person.last_name)):
            form.new.errors.append(problem)
        else:
            user.set_password(form.new.data)
            sessions.end_all(user)
            sessions.start(user)  # this device goes on, in a new session
            db.session.commit()
            login_user(user)
            flash(_("Je wachtwoord is gewijzigd. Op je andere toestellen ben je afgemeld."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/account/notices", methods=["GET", "POST"])
@role_required(*ALL_ROLES)
def notice_settings():
    """Whether I get an e-mail when a published change touches my day (the app always shows it)."""
    form = NoticeSettingsForm(mail_notices=current_user.mail_notices)
    if form.validate_on_submit():
        current_user.mail_notices = bool(form.mail_notices.data)
        db.session.commit()
        flash(_("Je e-mails over planningswijzigingen staan aan.") if current_user.mail_notices
              else _("Je krijgt geen e-mails meer over planningswijzigingen. In de app zie je ze nog wel."),
              "success")
        return redirect(url_for("auth.notice_settings"))
    return render_template("auth/notices.html", form=form)
