"""The programs registry in public: a province's region x focus matrix and the programs behind
each count. Programs are already public on community profiles; contacts never appear here.
"""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import current_person, managed_community, verified_required
from webapp.contacts.services import may_see_volunteer_contacts
from webapp.directory.services import find_category
from webapp.regions import find_province, find_regency, provinces_by_name
from webapp.extensions import db
from webapp.http import form_status
from webapp.models import Program, VolunteerOffer
from webapp.programs import bp, services, volunteering
from webapp.programs.forms import VolunteerOfferForm
from webapp.programs.labels import RESOURCE_LABELS
from webapp.programs.volunteering import OfferRefused


@bp.app_context_processor
def program_labels():
    """Programs are shown on many areas' pages (coordination, partnerships); all read the same labels."""
    return {"resource_labels": RESOURCE_LABELS}


@bp.get("")
def index():
    """Every province with how many current programs it has; each leads to its matrix."""
    provinces = provinces_by_name()
    return render_template(
        "programs/index.html", provinces=provinces, counts=services.program_counts_by_province()
    )


@bp.get("/<code>")
def matrix(code):
    """Who does what where in one province: counts by kabupaten/kota and focus, as a text table."""
    province = find_province(code)
    if province is None:
        abort(404)
    return render_template(
        "programs/matrix.html", province=province, matrix=services.province_matrix(province)
    )


@bp.get("/<code>/daftar")
def listing(code):
    """The programs behind a count of the matrix: a province, perhaps one kabupaten and one focus."""
    province = find_province(code)
    if province is None:
        abort(404)
    regency = category = None
    if request.args.get("kabupaten"):
        regency = find_regency(request.args["kabupaten"], province.code)
        if regency is None:
            abort(404)
    if request.args.get("fokus"):
        category = find_category(request.args["fokus"])
        if category is None:
            abort(404)
    return render_template(
        "programs/listing.html",
        province=province,
        regency=regency,
        category=category,
        programs=services.programs_in(province, regency, category),
    )


# ---- Volunteer sign-ups -------------------------------------------------------------------


def _program_or_404(program_id):
    program = db.session.get(Program, program_id)
    if program is None:
        abort(404)
    return program


@bp.route("/<id:program_id>/bantu", methods=["GET", "POST"])
@verified_required
def offer_help(program_id):
    """"Saya mau membantu": what the relawan can offer and when; the coordinators answer."""
    program = _program_or_404(program_id)
    previous = volunteering.latest_offer(current_user, program)
    form = VolunteerOfferForm()
    if form.validate_on_submit():
        try:
            volunteering.offer_help(current_person(), program, form.offer.data, form.availability.data)
        except OfferRefused:
            abort(409)
        flash(_("Tawaran Anda terkirim. Koordinator akan menjawab; kontak kedua pihak terbuka bila diterima."), "success")
        return redirect(url_for("meetings.activities"), 303)
    response = make_response(render_template(
        "programs/offer.html", program=program, form=form, previous=previous,
        seeks=volunteering.seeks_volunteers(program), own=current_user.coordinates(program.community),
    ), form_status(form))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/tawaran/<slug:slug>")
@login_required
def offers(slug):
    """The offers to a community's programs, for its coordinators; a relawan's e-mail shows
    only once the offer is accepted (webapp.contacts.services)."""
    community = managed_community(slug, admins=False)
    items = volunteering.offers_to(community)
    visible = {o.id for o in items if may_see_volunteer_contacts(current_user, o)}
    response = make_response(render_template("programs/offers.html", community=community, offers=items, visible=visible))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/tawaran/<slug:slug>/<id:offer_id>")
@login_required
def answer_offer(slug, offer_id):
    community = managed_community(slug, admins=False)
    offer = db.session.get(VolunteerOffer, offer_id)
    if offer is None or offer.program.community_id != community.id:
        abort(404)
    accept = request.form.get("jawaban") == "terima"
    if volunteering.answer_offer(offer, current_person(), accept):
        flash(_("Tawaran diterima. Kontak kedua pihak kini terlihat.") if accept else _("Tawaran ditolak."), "success")
    else:
        flash(_("Tawaran ini sudah dijawab."), "info")
    return redirect(url_for(".offers", slug=community.slug), 303)
