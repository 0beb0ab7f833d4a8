from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from workfloor.access import ALL_ROLES, public, role_required
from workfloor.auth import bp
from workfloor.auth.forms import LoginForm, NoticeSettingsForm, PasswordChangeForm
from workfloor.auth.operations import authenticate, normalise_email
from workfloor.extensions import db, limiter


def _failed_login(response) -> bool:
    """Only failed attempts count towards the throttle; a login redirects."""
    return request.method == "POST" and response.status_code != 302


def _account_key() -> str:
    return "login:" + normalise_email(request.form.get("email", ""))


def _login_limit() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


def _safe_next(target: str | None) -> str | None:
    """Only follow a `next` that stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_login)
@limiter.limit(_login_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed_login)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or url_for("main.home"))
        form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@role_required(*ALL_ROLES)
def logout():
    logout_user()
    flash(_("Je bent afgemeld."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@role_required(*ALL_ROLES)
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Je huidige wachtwoord klopt niet."))
        else:
            current_user.set_password(form.new.data)
            db.session.commit()
            flash(_("Je wachtwoord is gewijzigd."), "success")
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
