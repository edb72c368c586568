"""Coordinating a community: register it, keep its profile, logo, programs and campaigns current,
and share or hand over the coordination.

Only the community's coordinators and admins manage it. Everyone else gets a 403, and an id
that belongs to another community is a 404, as if it did not exist.
"""

import re

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.access import current_person, managed_community, per_account
from webapp.accounts.services import find_user_by_email
from webapp.audit import ACTION_LABELS
from webapp.coordination import bp, services
from webapp.coordination.forms import (
    CampaignEditForm,
    CampaignForm,
    CommunityEditForm,
    CommunityForm,
    HandOverForm,
    InvitationForm,
    LogoForm,
    ProgramEditForm,
    ProgramForm,
)
from webapp.extensions import db, limiter
from webapp.http import form_status, keep_out_of_caches
from webapp.images import ImageRejected, store_image
from webapp.mail import send_mail
from webapp.models import Campaign, Program, User, utcnow
from webapp.notifications import notify
from webapp.partnerships import services as partnerships
from webapp.programs import services as registry
from webapp.regions import districts_of, regencies_of
from webapp.versioning import STALE_EDIT, save_edit

SHOW_REGENCIES = "tampilkan_kabupaten"
# A hidden field beside the kabupaten select: the last kabupaten chosen, kept while another
# province is looked at, so choosing the first province again brings it back.
REMEMBERED_REGENCY = "kabupaten_terakhir"
CHECK_SIMILAR = "periksa"
CONFIRMED = "yakin"
INVITATION_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def community_item(community, model, item_id):
    """A program or campaign of this community; another community's is not found here."""
    item = db.get_or_404(model, item_id)
    if item.community_id != community.id:
        abort(404)
    return item


# Management pages are personal and carry CSRF tokens (the kabupaten lists set their own
# public Cache-Control, and keep it).
keep_out_of_caches(bp)


def showing_regencies(form):
    """Without JavaScript, a button next to the province asks for its kabupaten/kota: the
    form comes back as typed, with that list, and nothing is checked or saved yet."""
    return form.is_submitted() and SHOW_REGENCIES in request.form


def remembered_regency(chosen):
    """The kabupaten/kota to keep beside the select: the one chosen now, else the one sent
    back from the hidden field (chosen before another province was looked at)."""
    return services.remembered_regency(chosen, request.values.get(REMEMBERED_REGENCY))


@bp.route("/komunitas-baru", methods=["GET", "POST"])
@login_required
def register_community():
    """Register a community; it is listed as unverified until an admin checks it."""
    form = CommunityForm()
    if showing_regencies(form):
        return _render_register_page(form, 200)
    if form.validate_on_submit():
        community = services.register_community(form.data, current_person())
        flash(_("Komunitas terdaftar. Admin akan memeriksanya sebelum diberi tanda terverifikasi."), "success")
        return redirect(url_for("directory.profile", slug=community.slug), 303)
    return _render_register_page(form, form_status(form))


def _render_register_page(form, status):
    return render_template(
        "coordination/register.html",
        form=form,
        regencies=regencies_of(form.province.data),
        remembered=remembered_regency(form.regency.data),
    ), status


@bp.get("/wilayah/kabupaten")
def regency_options():
    """The kabupaten/kota select of a province, swapped into the profile form by htmx. The
    kabupaten chosen before (sent along) is chosen again when its province comes back."""
    remembered = remembered_regency(request.args.get("kabupaten"))
    response = make_response(
        render_template(
            "coordination/_regency_select.html",
            regencies=regencies_of(request.args.get("provinsi", "")),
            selected=remembered,
            remembered=remembered,
        )
    )
    # The same for everyone, and regions rarely change.
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 3600
    return response


@bp.get("/wilayah/program")
def program_area():
    """The area fields of the program form for the chosen province and kabupaten/kota, morphed
    into the form by htmx when a select changes (the kecamatan list follows the kabupaten)."""
    form = ProgramForm(formdata=request.args, meta={"csrf": False})
    response = make_response(
        render_template(
            "coordination/_program_area.html",
            form=form,
            remembered=remembered_regency(form.regency_code.data),
            regencies=regencies_of(form.province.data),
            districts=districts_of(form.regency_code.data, form.province.data),
        )
    )
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 3600
    return response


@bp.get("/<slug:slug>")
@login_required
def overview(slug):
    """Everything a coordinator keeps current, what was done lately, requests waiting for an
    answer, and partners the registry suggests for what the programs seek."""
    community = managed_community(slug)
    return render_template(
        "coordination/overview.html",
        community=community,
        events=services.recent_events(community),
        action_labels=ACTION_LABELS,
        stale=services.stale_programs(community),
        waiting=partnerships.pending_for(community),
        suggestions=registry.suggest_partners(community),
    )


def _render_profile_page(community, form, logo_form, status=200, conflict=None, logo_saved=False):
    return render_template(
        "coordination/edit_profile.html",
        community=community,
        form=form,
        logo_form=logo_form,
        regencies=regencies_of(form.province.data),
        remembered=remembered_regency(form.regency.data),
        conflict=conflict,
        logo_saved=logo_saved,
        describe=services.describe_profile_value,
    ), status


def _logo_chosen():
    upload = request.files.get("logo")
    return upload is not None and bool(upload.filename)


def _store_logo(community, logo_form):
    """Store the uploaded logo; False, with the reason on the form, when it is refused."""
    if not logo_form.validate_on_submit():
        return False
    try:
        image = store_image(logo_form.logo.data.read())
    except ImageRejected as rejected:
        logo_form.logo.errors.append(rejected.message)
        return False
    services.set_logo(community, image, current_person())
    return True


@bp.route("/<slug:slug>/profil", methods=["GET", "POST"])
@login_required
def edit_profile(slug):
    """Edit the profile; a form loaded before someone else saved is refused, never saved over."""
    community = managed_community(slug)
    if request.method == "GET":
        form = CommunityEditForm(data=services.profile_values(community))
    else:
        form = CommunityEditForm()
    if showing_regencies(form):
        return _render_profile_page(community, form, LogoForm(formdata=None))
    if form.validate_on_submit():
        # A logo chosen before pressing "Simpan profil" is saved with the profile, not dropped.
        if _logo_chosen():
            logo_form = LogoForm()
            if not _store_logo(community, logo_form):
                return _render_profile_page(community, form, logo_form, 422)
        saved, conflict = save_edit(
            lambda: services.save_profile(community, form.data, current_person()), community, form,
            _("Profil tersimpan."), url_for(".edit_profile", slug=community.slug),
        )
        if saved is not None:
            return saved
        return _render_profile_page(community, form, LogoForm(formdata=None), STALE_EDIT, conflict)
    return _render_profile_page(community, form, LogoForm(formdata=None), form_status(form))


@bp.post("/<slug:slug>/logo")
@login_required
def upload_logo(slug):
    """Replace the logo; the picture is checked and stored as small WebPs without metadata.

    The logo is a field of the profile form, so the rest of that form comes along: what the
    person typed there and did not save yet comes back as typed, still unsaved."""
    community = managed_community(slug)
    form = LogoForm()
    if "version" in request.form:
        profile_form = CommunityEditForm()
    else:
        profile_form = CommunityEditForm(formdata=None, data=services.profile_values(community))
    if not _store_logo(community, form):
        return _render_profile_page(community, profile_form, form, 422)
    if not services.unsaved_profile_changes(community, profile_form.data):
        flash(_("Logo tersimpan."), "success")
        return redirect(url_for(".edit_profile", slug=community.slug), 303)
    return _render_profile_page(community, profile_form, LogoForm(formdata=None), logo_saved=True)


def _program_context(community, form):
    """What the program form shows besides its fields: the area's lists and the radar."""
    return {
        "regencies": regencies_of(form.province.data),
        "remembered": remembered_regency(form.regency_code.data),
        "districts": districts_of(form.regency_code.data, form.province.data),
        "radar": services.program_radar(community, form.data),
        "contact_warning": services.program_text_has_contacts(form.data),
    }


ITEM_PAGES = {
    Program: {
        "list": ".programs",
        "id": "program_id",
        "edit": ".edit_program",
        "delete": ".delete_program",
        "forms": (ProgramForm, ProgramEditForm),
        # A new program starts where its community is, running.
        "defaults": lambda community: {
            "province": community.province_code, "regency_code": community.regency_code,
        },
        "fields": "coordination/_program_fields.html",
        "context": _program_context,
        "title": _l("Program kerja"),
        "new": _l("Tambah program"),
        "empty": _l("Belum ada program kerja."),
        "added": _l("Program ditambahkan."),
        "saved": _l("Program tersimpan."),
        "deleted": _l("Program dihapus."),
    },
    Campaign: {
        "list": ".campaigns",
        "id": "campaign_id",
        "edit": ".edit_campaign",
        "delete": ".delete_campaign",
        "forms": (CampaignForm, CampaignEditForm),
        "defaults": lambda community: {},
        "fields": "coordination/_item_fields.html",
        "context": lambda community, form: {},
        "title": _l("Kampanye"),
        "new": _l("Tambah kampanye"),
        "empty": _l("Belum ada kampanye."),
        "added": _l("Kampanye ditambahkan."),
        "saved": _l("Kampanye tersimpan."),
        "deleted": _l("Kampanye dihapus."),
    },
}


def item_anchor(item):
    """The id of an item's card on its list: program-12, campaign-3."""
    return f"{services.ITEM_KINDS[type(item)].name}-{item.id}"


def refreshing(form):
    """Without JavaScript, buttons ask for the area's lists or the radar: the form comes back
    as typed, filled in, and nothing is checked or saved yet."""
    return showing_regencies(form) or (form.is_submitted() and CHECK_SIMILAR in request.form)


def _item_list(slug, model):
    community = managed_community(slug)
    page = ITEM_PAGES[model]
    form = page["forms"][0](data=page["defaults"](community))
    if not refreshing(form) and form.validate_on_submit():
        item = services.add_item(community, model(), form.data, current_person())
        # To the new item, with the message beside it: without a fragment of its own, the
        # form's #tambah would carry over the redirect and show an empty form instead.
        return redirect(url_for(page["list"], slug=community.slug, baru=item.id, _anchor=item_anchor(item)), 303)
    status = 200 if refreshing(form) else form_status(form)
    items = getattr(community, services.ITEM_KINDS[model].collection)
    return render_template(
        "coordination/items.html", community=community, form=form, items=items, page=page,
        added=request.args.get("baru", type=int), anchor=item_anchor,
        stale=[item for item in items if model is Program and item.is_stale()],
        **page["context"](community, form),
    ), status


def _item_edit(slug, model, item_id):
    community = managed_community(slug)
    item = community_item(community, model, item_id)
    page = ITEM_PAGES[model]
    edit_form = page["forms"][1]
    if request.method == "GET":
        names = services.ITEM_KINDS[model].fields
        form = edit_form(data={**{name: getattr(item, name) for name in names}, "version": item.version})
    else:
        form = edit_form()
    conflict = None
    if not refreshing(form) and form.validate_on_submit():
        saved, conflict = save_edit(
            lambda: services.save_item(item, form.data, current_person()), item, form,
            str(page["saved"]), url_for(page["list"], slug=community.slug),
        )
        if saved is not None:
            return saved
    status = STALE_EDIT if conflict else (200 if refreshing(form) else form_status(form))
    return render_template(
        "coordination/item_edit.html",
        community=community, item=item, form=form, page=page, conflict=conflict,
        describe=services.describe_value, **page["context"](community, form),
    ), status


def _item_delete(slug, model, item_id):
    community = managed_community(slug)
    item = community_item(community, model, item_id)
    page = ITEM_PAGES[model]
    if request.method == "POST":
        services.delete_item(item, current_person())
        flash(str(page["deleted"]), "success")
        return redirect(url_for(page["list"], slug=community.slug), 303)
    return render_template("coordination/item_delete.html", community=community, item=item, page=page)


@bp.route("/<slug:slug>/program", methods=["GET", "POST"])
@login_required
def programs(slug):
    """The community's work programs, and a form to add one."""
    return _item_list(slug, Program)


@bp.route("/<slug:slug>/program/<id:program_id>", methods=["GET", "POST"])
@login_required
def edit_program(slug, program_id):
    """Edit a program, refusing a form loaded before someone else saved it."""
    return _item_edit(slug, Program, program_id)


@bp.route("/<slug:slug>/program/<id:program_id>/hapus", methods=["GET", "POST"])
@login_required
def delete_program(slug, program_id):
    """Ask before deleting a program (GET), then delete it (POST)."""
    return _item_delete(slug, Program, program_id)


@bp.get("/<slug:slug>/program/radar")
@login_required
def program_radar(slug):
    """The duplication radar for the new-program form, swapped in by htmx while the coordinator
    types: other communities' programs with the same focus nearby, and a contact warning."""
    community = managed_community(slug)
    form = ProgramForm(formdata=request.args, meta={"csrf": False})
    return render_template(
        "coordination/_radar.html", community=community, **_program_context(community, form)
    )


@bp.post("/<slug:slug>/program/<id:program_id>/konfirmasi")
@login_required
def confirm_program(slug, program_id):
    """The coordinator confirms the program is still as recorded."""
    community = managed_community(slug)
    program = community_item(community, Program, program_id)
    services.confirm_program(program, current_person())
    flash(_("Program %(title)s dikonfirmasi masih berjalan.", title=program.title), "success")
    return redirect(url_for(".programs", slug=community.slug), 303)


@bp.post("/<slug:slug>/program/<id:program_id>/tutup")
@login_required
def close_program(slug, program_id):
    """The coordinator closes the program: finished, kept in the community's history."""
    community = managed_community(slug)
    program = community_item(community, Program, program_id)
    services.close_program(program, current_person())
    flash(_("Program %(title)s ditutup dan tetap tercatat sebagai riwayat.", title=program.title), "success")
    return redirect(url_for(".programs", slug=community.slug), 303)


@bp.route("/<slug:slug>/kampanye", methods=["GET", "POST"])
@login_required
def campaigns(slug):
    """The community's campaigns, and a form to add one."""
    return _item_list(slug, Campaign)


@bp.route("/<slug:slug>/kampanye/<id:campaign_id>", methods=["GET", "POST"])
@login_required
def edit_campaign(slug, campaign_id):
    """Edit a campaign, refusing a form loaded before someone else saved it."""
    return _item_edit(slug, Campaign, campaign_id)


@bp.route("/<slug:slug>/kampanye/<id:campaign_id>/hapus", methods=["GET", "POST"])
@login_required
def delete_campaign(slug, campaign_id):
    """Ask before deleting a campaign (GET), then delete it (POST)."""
    return _item_delete(slug, Campaign, campaign_id)


def _render_coordinators(community, invite_form=None, hand_over_form=None, status=200, problem=None):
    me = current_person()
    others = [user for user in community.coordinators if user.id != me.id]
    return render_template(
        "coordination/coordinators.html",
        community=community,
        invite_form=invite_form or InvitationForm(formdata=None),
        hand_over_form=hand_over_form or HandOverForm(others, formdata=None),
        is_coordinator=any(user.id == me.id for user in community.coordinators),
        others=others,
        pending=services.pending_invitations(community),
        problem=problem,
    ), status


@bp.get("/<slug:slug>/koordinator")
@login_required
def coordinators(slug):
    """Who coordinates the community; invite someone, hand over or step down."""
    return _render_coordinators(managed_community(slug))


@bp.post("/<slug:slug>/koordinator/undang")
@login_required
@limiter.limit("20 per day", key_func=per_account)
def invite(slug):
    """Invite someone by e-mail to co-coordinate; the link in the e-mail is valid for 7 days."""
    community = managed_community(slug)
    form = InvitationForm()
    if form.validate_on_submit():
        email = form.email.data.lower()
        if any(user.email.lower() == email for user in community.coordinators):
            form.email.errors.append(_("Orang ini sudah menjadi koordinator."))
        else:
            token = services.create_invitation(community, email, current_person())
            invitee = find_user_by_email(email)
            if invitee is not None:
                notify(invitee, "coordinator_invitation", link=url_for("accounts.dashboard", _anchor="undangan"),
                       community=community.name, inviter=current_user.name)
            db.session.commit()
            link = url_for(".accept_invitation", token=token, _external=True)
            send_mail(
                email,
                _("Undangan menjadi koordinator %(name)s", name=community.name),
                _(
                    "%(inviter)s mengundang Anda menjadi koordinator %(name)s di Jejaring.\n\n"
                    "Buka tautan ini untuk menerimanya (berlaku 7 hari):\n%(link)s\n\n"
                    "Masuk atau daftar dengan alamat e-mail ini. Abaikan e-mail ini jika Anda "
                    "tidak mengenal pengirimnya.",
                    inviter=current_user.name, name=community.name, link=link,
                ),
            )
            flash(_("Undangan dikirim ke %(email)s.", email=email), "success")
            return redirect(url_for(".coordinators", slug=community.slug), 303)
    return _render_coordinators(community, invite_form=form, status=422)


@bp.post("/<slug:slug>/koordinator/serahkan")
@login_required
def hand_over(slug):
    """Hand the coordination to another coordinator and step down: first a page that names the
    successor and asks, then (with "yakin") the hand-over, and the successor is told."""
    community = managed_community(slug)
    me = current_person()
    if not me.coordinates(community):
        abort(403)
    others = [user for user in community.coordinators if user.id != me.id]
    form = HandOverForm(others)
    if form.validate_on_submit():
        successor = db.session.get(User, form.successor.data)
        if CONFIRMED not in request.form:
            return render_template("coordination/hand_over.html", community=community, successor=successor)
        if services.hand_over(community, me, successor):
            flash(_("Koordinasi diserahkan kepada %(name)s.", name=successor.name), "success")
            return redirect(url_for("directory.profile", slug=community.slug), 303)
        form.successor.errors.append(_("Orang ini sudah bukan koordinator. Pilih yang lain."))
    return _render_coordinators(community, hand_over_form=form, status=422)


@bp.post("/<slug:slug>/koordinator/mundur")
@login_required
def step_down(slug):
    """Stop coordinating; the last coordinator cannot, so a community is never left without one."""
    community = managed_community(slug)
    me = current_person()
    if not me.coordinates(community):
        abort(403)
    if not services.step_down(community, me):
        return _render_coordinators(
            community,
            status=409,
            problem=_(
                "Anda koordinator terakhir komunitas ini, jadi belum bisa mundur. "
                "Undang orang lain menjadi koordinator dulu, lalu serahkan koordinasi kepadanya."
            ),
        )
    flash(_("Anda tidak lagi menjadi koordinator %(name)s.", name=community.name), "success")
    return redirect(url_for("directory.profile", slug=community.slug), 303)


@bp.post("/<slug:slug>/koordinator/<id:user_id>/hapus")
@login_required
def remove_coordinator(slug, user_id):
    """Admins remove a coordinator (not the last). Coordinators cannot remove each other:
    leaving is each person's own act (step down or hand over)."""
    community = managed_community(slug)
    if not current_user.is_admin:
        abort(403)
    user = db.get_or_404(User, user_id)
    if not user.coordinates(community):
        abort(404)
    if not services.remove_coordinator(community, current_person(), user):
        return _render_coordinators(
            community,
            status=409,
            problem=_("Komunitas selalu punya paling sedikit satu koordinator."),
        )
    flash(_("%(name)s tidak lagi menjadi koordinator.", name=user.name), "success")
    return redirect(url_for(".coordinators", slug=community.slug), 303)


def _invitation_problem(title, message, status):
    return render_template("errors/error.html", title=title, message=message), status


@bp.route("/undangan/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Accept an invitation to co-coordinate: only its addressee, once, within 7 days.

    Signed out, the holder of the link is told who invited them to which community, and with
    which address to sign in or register; without the token nothing is shown (404)."""
    invitation = services.find_invitation(token) if INVITATION_TOKEN.fullmatch(token) else None
    if invitation is None:
        abort(404)
    if invitation.accepted_at is not None:
        return _invitation_problem(
            _("Undangan sudah dipakai"),
            _("Undangan ini sudah diterima. Minta koordinator mengirim undangan baru bila perlu."),
            410,
        )
    if invitation.expires_at < utcnow():
        return _invitation_problem(
            _("Undangan sudah kedaluwarsa"),
            _("Undangan berlaku 7 hari. Minta koordinator %(name)s mengirim undangan baru.", name=invitation.community.name),
            410,
        )
    if not current_user.is_authenticated:
        if request.method == "POST":
            return redirect(url_for("accounts.login", next=request.path), 303)
        return render_template("coordination/invitation_signed_out.html", invitation=invitation)
    if current_user.email.lower() != invitation.email.lower():
        return _invitation_problem(
            _("Undangan ini untuk orang lain"),
            _(
                "Undangan ini dikirim ke %(email)s, bukan ke alamat akun yang sedang masuk. "
                "Keluar, lalu masuk atau daftar dengan alamat itu.",
                email=invitation.email,
            ),
            403,
        )
    if request.method == "POST":
        services.accept_invitation(invitation, current_person())
        flash(_("Selamat datang! Anda sekarang koordinator %(name)s.", name=invitation.community.name), "success")
        return redirect(url_for(".overview", slug=invitation.community.slug), 303)
    return render_template("coordination/invitation.html", invitation=invitation, token=token)
