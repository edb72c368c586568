"""The partnership space: its overview, the agreement, the health check, the thread, the
ending, and the broker's watch list.

Only the coordinators of its partner communities (now) and the brokers every partner invited
see a space; to anyone else it does not exist (404). Brokers read and write in the thread;
the agreement, health checks and endings are the partners' own.
"""

import uuid

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.access import current_person, per_account, verifier_required
from webapp.extensions import db, limiter
from webapp.http import form_status, keep_out_of_caches
from webapp.models import Colour, Partnership
from webapp.offline import ActionRefused, is_id, offline_action
from webapp.spaces import agreement, bp, health, services
from webapp.spaces.forms import (
    PART_FORMS,
    AcknowledgeForm,
    BrokerForm,
    ClosingForm,
    HealthForm,
    MESSAGE_LENGTH,
    ImprovementForm,
    InvitePartnerForm,
    MessageForm,
    ScorecardForm,
    WhatForm,
)
from webapp.text import clean_typed_text
from webapp.versioning import STALE_EDIT, save_edit

# Every page here is private to a few communities.
keep_out_of_caches(bp)


def _space(partnership_id):
    """The partnership, for its partners' coordinators and its brokers; 404 for anyone else."""
    partnership = db.get_or_404(Partnership, partnership_id)
    if not services.may_see(partnership, current_user):
        abort(404)
    return partnership


def _partner_space(partnership_id):
    """The partnership and the rows the person acts for; brokers may read but not act (403)."""
    partnership = _space(partnership_id)
    members = services.acting_members(partnership, current_user)
    if not members:
        abort(403)
    return partnership, members


def _refused(error, endpoint, partnership, **values):
    flash(str(error), "info")
    return redirect(url_for(endpoint, partnership_id=partnership.id, **values), 303)


@bp.get("")
@login_required
def index():
    """The partnerships I am in (as coordinator or broker) and invitations waiting for me."""
    return render_template(
        "spaces/index.html",
        partnerships=services.partnerships_of(current_user),
        invitations=services.invitations_for(current_user),
    )


@bp.get("/<id:partnership_id>")
@login_required
def space(partnership_id):
    """The overview: partners as equals, the agreement's state, the latest health check."""
    partnership = _space(partnership_id)
    return render_template(
        "spaces/space.html",
        partnership=partnership,
        members=services.acting_members(partnership, current_user),
        in_force=services.in_force(partnership),
        invite_form=InvitePartnerForm(formdata=None),
        broker_form=BrokerForm(formdata=None),
    )


@bp.route("/<id:partnership_id>/undangan", methods=["GET", "POST"])
@login_required
def invitation(partnership_id):
    """An invited community's coordinators join the partnership or decline (POST `jawab`)."""
    partnership = db.get_or_404(Partnership, partnership_id)
    member = next((m for m in partnership.members if m.is_invited and current_user.coordinates(m.community)), None)
    if member is None:
        if services.may_see(partnership, current_user):
            return redirect(url_for(".space", partnership_id=partnership.id), 303)
        abort(404)
    if request.method == "POST":
        accept = request.form.get("jawab") == "terima"
        try:
            services.answer_invitation(member, current_person(), accept)
        except services.CannotDoIt as error:
            return _refused(error, ".index", partnership)
        if accept:
            flash(_("Selamat bergabung. Baca kesepakatannya lalu akui versi terbaru."), "success")
            return redirect(url_for(".agreement", partnership_id=partnership.id), 303)
        flash(_("Undangan ditolak."), "success")
        return redirect(url_for(".index"), 303)
    return render_template("spaces/invitation.html", partnership=partnership, member=member)


@bp.post("/<id:partnership_id>/mitra")
@login_required
@limiter.limit("20 per day", key_func=per_account)
def invite_partner(partnership_id):
    """Invite another community (by its profile address) to join as an equal partner."""
    partnership, _members = _partner_space(partnership_id)
    form = InvitePartnerForm()
    community = None
    if form.validate_on_submit():
        slug = form.community.data.rstrip("/").rsplit("/", 1)[-1]
        community = services.community_by_slug(slug)
        if community is None:
            form.community.errors.append(_("Tidak ada komunitas dengan alamat itu."))
    if community is not None:
        try:
            services.invite_partner(partnership, community, current_person())
        except services.CannotDoIt as error:
            return _refused(error, ".space", partnership)
        flash(_("%(name)s diundang. Koordinatornya diberi tahu.", name=community.name), "success")
        return redirect(url_for(".space", partnership_id=partnership.id), 303)
    return render_template(
        "spaces/space.html", partnership=partnership, members=_members, in_force=services.in_force(partnership),
        invite_form=form, broker_form=BrokerForm(formdata=None),
    ), 422


@bp.post("/<id:partnership_id>/pialang")
@login_required
def invite_broker(partnership_id):
    """Invite a facilitator as broker, for the partner communities the person coordinates."""
    partnership, members = _partner_space(partnership_id)
    form = BrokerForm()
    if form.validate_on_submit():
        broker = services.facilitator_by_email(form.email.data)
        try:
            if broker is None:
                raise services.CannotDoIt(agreement.MESSAGES["not_facilitator"])
            for member in members:
                services.invite_broker(partnership, member, broker, current_person())
        except services.CannotDoIt as error:
            form.email.errors.append(str(error))
        else:
            if services.is_broker(partnership, broker):
                flash(_("%(name)s kini mendampingi kemitraan ini.", name=broker.name), "success")
            else:
                flash(_("Undangan tercatat. %(name)s mendampingi setelah semua mitra mengundangnya.",
                        name=broker.name), "success")
            return redirect(url_for(".space", partnership_id=partnership.id), 303)
    return render_template(
        "spaces/space.html", partnership=partnership, members=members, in_force=services.in_force(partnership),
        invite_form=InvitePartnerForm(formdata=None), broker_form=form,
    ), 422


@bp.post("/<id:partnership_id>/keluar")
@login_required
def leave(partnership_id):
    """The person's partner community leaves a partnership of three or more."""
    partnership, members = _partner_space(partnership_id)
    try:
        services.leave(partnership, members[0], current_person())
    except services.CannotDoIt as error:
        return _refused(error, ".space", partnership)
    flash(_("%(name)s keluar dari kemitraan ini.", name=members[0].community.name), "success")
    return redirect(url_for(".index"), 303)


# --- The agreement -------------------------------------------------------------------------------


@bp.get("/<id:partnership_id>/kesepakatan", endpoint="agreement")
@login_required
def agreement_page(partnership_id):
    """The latest version of the agreement, whether it is in force, and who acknowledged it.
    Printable: the print style sheet hides everything but the agreement."""
    partnership = _space(partnership_id)
    latest = partnership.latest_version
    return render_template(
        "spaces/agreement.html",
        partnership=partnership,
        latest=latest,
        members=services.acting_members(partnership, current_user),
        acknowledged=services.acknowledged_ids(latest),
        in_force=services.in_force(partnership),
        programs=services.program_titles(latest.program_ids if latest else []),
        parts=agreement.PARTS,
        labels=agreement.FIELD_LABELS,
    )


def _describe(name, value):
    """A saved value as the conflict notice shows it."""
    return agreement.as_text(value)


@bp.route("/<id:partnership_id>/kesepakatan/<slug:part>", methods=["GET", "POST"])
@login_required
def edit_part(partnership_id, part):
    """Edit one part of the agreement. Every save is a new numbered version; a form loaded
    before someone else saved is refused and shown (webapp.versioning)."""
    partnership, members = _partner_space(partnership_id)
    if partnership.is_ended:
        abort(404)
    spec = agreement.PART_BY_SLUG.get(part)
    if spec is None:
        abort(404)
    form_class = PART_FORMS[part]
    extra = (services.partner_programs(partnership),) if form_class is WhatForm else ()
    member = members[0]
    latest = partnership.latest_version
    if request.method == "GET":
        if part == "siapa":
            data = {"representative": member.representative, "brings": member.brings, "wants": member.wants}
        else:
            data = {name: getattr(latest, name) for name in spec.fields}
            if form_class is WhatForm:
                data["program_ids"] = list(latest.program_ids or [])
        form = form_class(*extra, data={**data, "version": partnership.version})
    else:
        form = form_class(*extra)
    conflict = None
    if form.validate_on_submit():
        person = current_person()
        if part == "siapa":
            def save():
                return services.save_member(partnership, member, person, form.representative.data,
                                            form.brings.data, form.wants.data, form.version.data)
        else:
            values = {name: form[name].data for name in spec.fields}
            if form_class is WhatForm:
                values["program_ids"] = sorted(form.program_ids.data or [])

            def save():
                return services.save_part(partnership, person, spec, values, form.version.data)
        saved, conflict = save_edit(save, partnership, form, _("Kesepakatan tersimpan sebagai versi baru."),
                                    url_for(".agreement", partnership_id=partnership.id))
        if saved is not None:
            return saved
    status = STALE_EDIT if conflict else form_status(form)
    return render_template(
        "spaces/part_form.html", partnership=partnership, part=spec, form=form, member=member,
        conflict=conflict, describe=_describe,
    ), status


@bp.post("/<id:partnership_id>/kesepakatan/akui")
@login_required
def acknowledge(partnership_id):
    """The person's partner communities acknowledge the version they read (it must be the latest)."""
    partnership, members = _partner_space(partnership_id)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.acknowledge(partnership, members, current_person(), int(form.number.data))
    except services.CannotDoIt as error:
        return _refused(error, ".agreement", partnership)
    flash(_("Versi %(number)s diakui.", number=form.number.data), "success")
    return redirect(url_for(".agreement", partnership_id=partnership.id), 303)


@bp.get("/<id:partnership_id>/kesepakatan/versi")
@login_required
def versions(partnership_id):
    """Every version, newest first: who saved it, when, which part."""
    partnership = _space(partnership_id)
    return render_template("spaces/versions.html", partnership=partnership, parts=agreement.PART_BY_SLUG)


@bp.get("/<id:partnership_id>/kesepakatan/versi/<id:number>")
@login_required
def version(partnership_id, number):
    """One version and what it changed, line by line, compared with the one before."""
    partnership = _space(partnership_id)
    saved = services.version_of(partnership, number)
    if saved is None:
        abort(404)
    return render_template(
        "spaces/version.html", partnership=partnership, version=saved,
        changes=services.changes_in(partnership, saved), parts=agreement.PART_BY_SLUG,
    )


@bp.route("/<id:partnership_id>/kesepakatan/skor", methods=["GET", "POST"])
@login_required
def scorecard(partnership_id):
    """The scorecard: each ingredient of a good agreement rated, so the partners see what is
    missing. Brokers see it; partners rate."""
    partnership = _space(partnership_id)
    members = services.acting_members(partnership, current_user)
    if request.method == "GET":
        form = ScorecardForm(data={**(partnership.scorecard or {}), "version": partnership.version})
    else:
        if not members or partnership.is_ended:
            abort(403)
        form = ScorecardForm()
    conflict = None
    if request.method == "POST" and form.validate_on_submit():
        ratings = {key: form[key].data for key, _label in agreement.INGREDIENTS if form[key].data}
        saved, conflict = save_edit(
            lambda: services.rate(partnership, ratings, form.version.data), partnership, form,
            _("Penilaian tersimpan."), url_for(".scorecard", partnership_id=partnership.id),
        )
        if saved is not None:
            return saved
    status = STALE_EDIT if conflict else form_status(form)
    return render_template(
        "spaces/scorecard.html", partnership=partnership, form=form, members=members, conflict=conflict,
        describe=_describe, ingredients=agreement.INGREDIENTS, labels=agreement.RATING_LABELS,
    ), status


# --- Health checks -------------------------------------------------------------------------------


@bp.route("/<id:partnership_id>/cek", methods=["GET", "POST"], endpoint="health")
@login_required
def health_page(partnership_id):
    """The rounds so far with their trend (an SVG chart and the same numbers as a table); POST
    starts a new round."""
    partnership = _space(partnership_id)
    members = services.acting_members(partnership, current_user)
    if request.method == "POST":
        if not members:
            abort(403)
        try:
            round_ = services.open_round(partnership, current_person())
        except services.CannotDoIt as error:
            return _refused(error, ".health", partnership)
        return redirect(url_for(".health_round", partnership_id=partnership.id, number=round_.number), 303)
    rows = services.trend(partnership)
    return render_template(
        "spaces/health.html", partnership=partnership, rows=rows,
        points=health.chart_points([score for _round, score, _reds, _diverging in rows]),
        chart=(health.CHART_WIDTH, health.CHART_HEIGHT, health.CHART_PAD),
        members=members, is_revealed=services.is_revealed,
    )


def _round_or_404(partnership, number):
    round_ = next((r for r in partnership.rounds if r.number == number), None)
    if round_ is None:
        abort(404)
    return round_


@bp.route("/<id:partnership_id>/cek/<id:number>", methods=["GET", "POST"])
@login_required
def health_round(partnership_id, number):
    """Answer a round (each partner for itself, privately), or read its results once every
    partner answered or seven days passed: diverging statements first."""
    partnership = _space(partnership_id)
    round_ = _round_or_404(partnership, number)
    members = services.acting_members(partnership, current_user)
    revealed = services.is_revealed(round_)
    form = None
    if not revealed and members and not partnership.is_ended:
        own = {a.statement: a for a in round_.answers if a.community_id == members[0].community_id}
        data = {}
        for key, answer in own.items():
            data[key], data[key + "_comment"] = answer.colour, answer.comment
        form = HealthForm(data=data) if request.method == "GET" else HealthForm()
        if form.validate_on_submit():
            answers = {key: (form[key].data, form[key + "_comment"].data) for key, _g, _t in health.STATEMENTS}
            try:
                services.answer_round(round_, members[0], current_person(), answers)
            except services.CannotDoIt as error:
                return _refused(error, ".health_round", partnership, number=number)
            flash(_("Jawaban %(name)s tersimpan.", name=members[0].community.name), "success")
            return redirect(url_for(".health_round", partnership_id=partnership.id, number=number), 303)
    elif request.method == "POST":
        abort(403 if not members else 409)
    return render_template(
        "spaces/round.html", partnership=partnership, round=round_, revealed=revealed, form=form,
        answered=services.answered_ids(round_), members=members,
        results=services.results(round_) if revealed else [], groups=dict(health.GROUPS),
        statements=health.STATEMENTS, improvement_form=ImprovementForm(formdata=None),
        most_improvements=health.MOST_IMPROVEMENTS, colour_labels={c.value: c.label for c in Colour},
    ), (form_status(form) if form is not None else 200)


@bp.post("/<id:partnership_id>/cek/<id:number>/perbaikan")
@login_required
def add_improvement(partnership_id, number):
    """Pick an improvement after the results are open: what, who, by when."""
    partnership, _members = _partner_space(partnership_id)
    round_ = _round_or_404(partnership, number)
    form = ImprovementForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".health_round", partnership_id=partnership.id, number=number), 303)
    try:
        services.add_improvement(round_, current_person(), form.text.data, form.owner.data, form.due_on.data)
    except services.CannotDoIt as error:
        return _refused(error, ".health_round", partnership, number=number)
    flash(_("Perbaikan dicatat."), "success")
    return redirect(url_for(".health_round", partnership_id=partnership.id, number=number), 303)


# --- Talking -------------------------------------------------------------------------------------


def _messages_page(partnership, form, status=200):
    page = request.args.get("halaman", 1, type=int)
    return render_template(
        "spaces/messages.html", partnership=partnership, form=form,
        page=services.messages(partnership, page), action_url=url_for(".send_message_action"),
    ), status


@bp.route("/<id:partnership_id>/pesan", methods=["GET", "POST"])
@login_required
def messages(partnership_id):
    """The thread, newest first, twenty a page; POST writes a message (without JavaScript).
    With JavaScript, app.js sends it as an offline action, so it waits in the queue offline."""
    partnership = _space(partnership_id)
    if request.method == "GET":
        return _messages_page(partnership, MessageForm(key=str(uuid.uuid4())))
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.post_message(partnership, current_person(), form.body.data, form.key.data)
        except services.CannotDoIt as error:
            return _refused(error, ".messages", partnership)
        return redirect(url_for(".messages", partnership_id=partnership.id), 303)
    return _messages_page(partnership, form, 422)


@bp.post("/api/pesan")
@offline_action(invalid_message=_l("Pesan tidak lengkap."))
def send_message_action(action):
    """Write a message from a script or from the service worker replaying one written offline.

    An offline action (webapp.offline). Its fields: "partnership" (id) and "body". Answers 200
    {"sent": true, "new": bool}; 404 for a partnership the account is not (or no longer) in,
    410 for one that has ended.
    """
    partnership_id, body = action.data.get("partnership"), action.data.get("body")
    if not is_id(partnership_id) or not isinstance(body, str):
        raise ActionRefused(400, _("Pesan tidak lengkap."))
    body = clean_typed_text(body)
    if not body or len(body) > MESSAGE_LENGTH:
        raise ActionRefused(400, _("Pesan kosong atau lebih dari %(max)d karakter.", max=MESSAGE_LENGTH))
    partnership = db.session.get(Partnership, partnership_id)
    if partnership is None or not services.may_see(partnership, current_user):
        raise ActionRefused(404, _("Kemitraan ini tidak ada atau Anda bukan lagi bagian darinya."))
    try:
        _message, created = services.post_message(partnership, current_person(), body, action.key,
                                                   action.made_at)
    except services.CannotDoIt as error:
        raise ActionRefused(410, str(error)) from error
    return jsonify(sent=True, new=created)


# --- Ending and brokers --------------------------------------------------------------------------


@bp.route("/<id:partnership_id>/selesai", methods=["GET", "POST"])
@login_required
def end(partnership_id):
    """End the partnership with a closing note, or (once ended) write this partner's note."""
    partnership, members = _partner_space(partnership_id)
    member = members[0]
    form = ClosingForm(data={"note": member.closing_note}) if request.method == "GET" else ClosingForm()
    if form.validate_on_submit():
        try:
            if partnership.is_ended:
                services.write_closing_note(partnership, member, form.note.data)
            else:
                services.end(partnership, member, current_person(), form.note.data)
        except services.CannotDoIt as error:
            return _refused(error, ".space", partnership)
        flash(_("Catatan penutup tersimpan."), "success")
        return redirect(url_for(".space", partnership_id=partnership.id), 303)
    return render_template("spaces/end.html", partnership=partnership, form=form, member=member), form_status(form)


@bp.get("/pialang")
@verifier_required
def brokers():
    """The broker's watch list: every partnership they accompany, those needing a look first."""
    return render_template("spaces/brokers.html", watches=services.watch_list(current_user))
