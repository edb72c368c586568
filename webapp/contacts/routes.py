"""Asking for a community's contacts, and its coordinators' answers."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from webapp.access import current_person, managed_community, per_account, verified_required
from webapp.contacts import bp
from webapp.contacts.forms import ContactRequestForm
from webapp.contacts.models import ContactRequest
from webapp.contacts.services import ContactRefused, answer, request_contacts, requests_to
from webapp.directory.services import find_community
from webapp.extensions import db, limiter
from webapp.http import keep_out_of_caches

REFUSALS = {
    "open": lambda name: _("Anda sudah meminta kontak %(name)s. Tunggu jawaban koordinatornya.", name=name),
    "blocked": lambda name: _("Koordinator %(name)s tidak menerima permintaan kontak dari akun Anda.", name=name),
    "own": lambda name: _("Anda koordinator %(name)s: kontaknya ada di halaman kelola.", name=name),
}


keep_out_of_caches(bp)


@bp.post("/komunitas/<slug:slug>/kontak")
@verified_required
@limiter.limit("5 per day", key_func=per_account)
def ask(slug):
    """Ask a community for its contacts, saying why; at most five communities a day."""
    community = find_community(slug)
    if community is None:
        abort(404)
    form = ContactRequestForm()
    if form.validate_on_submit():
        try:
            request_contacts(current_person(), community, form.message.data)
        except ContactRefused as refused:
            flash(REFUSALS[refused.reason](community.name), "warning")
        else:
            flash(_("Permintaan terkirim. Koordinator %(name)s akan menjawab; Anda diberi tahu di kotak "
                    "masuk.", name=community.name), "success")
        return redirect(url_for("directory.profile", slug=community.slug) + "#kontak", 303)
    return render_template(
        "directory/contact.html", community=community, contacts=None, asked=None, blocked=False, form=form
    ), 422


@bp.get("/kelola/<slug:slug>/permintaan-kontak")
@login_required
def requests(slug):
    """The community's contact requests, waiting ones first, for its coordinators."""
    community = managed_community(slug, admins=False)
    return render_template("contacts/requests.html", community=community, requests=requests_to(community))


@bp.post("/kelola/<slug:slug>/permintaan-kontak/<id:request_id>/<any(terima, tolak, blokir):choice>")
@login_required
def respond(slug, request_id, choice):
    """Accept, decline, or decline and block; the person asking is told either way."""
    community = managed_community(slug, admins=False)
    request = db.get_or_404(ContactRequest, request_id)
    if request.community_id != community.id:
        abort(404)
    if answer(request, current_person(), accept=choice == "terima", block=choice == "blokir"):
        messages = {
            "terima": _("Diterima: %(name)s kini melihat kontak komunitas, dan Anda melihat e-mailnya.",
                        name=request.user.name),
            "tolak": _("Permintaan %(name)s ditolak.", name=request.user.name),
            "blokir": _("Permintaan %(name)s ditolak, dan akun itu tidak bisa meminta lagi.", name=request.user.name),
        }
        flash(messages[choice], "success")
    else:
        flash(_("Permintaan ini sudah dijawab sebelumnya."), "info")
    return redirect(url_for(".requests", slug=community.slug), 303)
