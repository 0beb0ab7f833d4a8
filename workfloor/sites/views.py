"""Sites (locaties): the coordinator manages them, supervisors read them."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workfloor.access import role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.listing import filter_search, filter_status, list_args
from workfloor.models import Site
from workfloor.sites import bp
from workfloor.sites.forms import SiteForm
from workfloor.sites.operations import save_site, set_site_active, site_name_taken
from workfloor.vocabulary import Role

C, S = Role.COORDINATOR, Role.SUPERVISOR
DUPLICATE_NAME = _l("Er bestaat al een locatie met deze naam.")


def _fields(form: SiteForm) -> dict:
    return {"name": form.name.data, "address": form.address.data,
            "travel_minutes": form.travel_minutes.data, "notes": form.notes.data}


@bp.route("/")
@role_required(C, S)
def index():
    q, status = list_args()
    query = filter_search(filter_status(select(Site), Site.active, status), q, Site.name, Site.address)
    sites = db.session.execute(query.order_by(Site.name)).scalars().all()
    return render_template("sites/index.html", sites=sites, q=q, status=status)


@bp.route("/<int:site_id>")
@role_required(C, S)
def show(site_id: int):
    return render_template("sites/show.html", site=db.get_or_404(Site, site_id))


@bp.route("/new", methods=["GET", "POST"])
@role_required(C)
def create():
    form = SiteForm()
    if form.validate_on_submit():
        if site_name_taken(form.name.data):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            site = save_site(Site(), **_fields(form))
            db.session.commit()
            flash(_("Locatie %(name)s is aangemaakt.", name=site.name), "success")
            return redirect(url_for(".show", site_id=site.id))
    return render_template("sites/form.html", form=form, site=None)


@bp.route("/<int:site_id>/edit", methods=["GET", "POST"])
@role_required(C)
def edit(site_id: int):
    site = db.get_or_404(Site, site_id)
    # On POST only what was sent counts: a missing version must not pass as the current one.
    form = SiteForm(obj=site if request.method == "GET" else None)
    if form.validate_on_submit():
        if site_name_taken(form.name.data, except_site_id=site.id):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            if not commit_versioned(site, form.version.data, lambda: save_site(site, **_fields(form))):
                flash(str(CONFLICT_MESSAGE), "error")
                form.version.data = site.version
                return render_template("sites/form.html", form=form, site=site), 409
            flash(_("Locatie %(name)s is opgeslagen.", name=site.name), "success")
            return redirect(url_for(".show", site_id=site.id))
    return render_template("sites/form.html", form=form, site=site)


@bp.route("/<int:site_id>/deactivate", methods=["POST"])
@role_required(C)
def deactivate(site_id: int):
    site = db.get_or_404(Site, site_id)
    set_site_active(site, False)
    db.session.commit()
    flash(_("Locatie %(name)s is gedeactiveerd.", name=site.name), "success")
    return redirect(url_for(".show", site_id=site.id))


@bp.route("/<int:site_id>/reactivate", methods=["POST"])
@role_required(C)
def reactivate(site_id: int):
    site = db.get_or_404(Site, site_id)
    set_site_active(site, True)
    db.session.commit()
    flash(_("Locatie %(name)s is weer actief.", name=site.name), "success")
    return redirect(url_for(".show", site_id=site.id))
