"""Ajak bermitra: a coordinator asks another community to work together; the receiver answers,
or the sender withdraws the request while it waits.

Only the coordinators of the two communities, and the person who sent it, see a request.
Contacts are shown to the two communities' coordinators only once the receiver accepts (see
services). Sending is rate limited per account, so nobody can use requests to reach every
community in bulk.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.access import current_person, per_account, verified_required
from webapp.directory.services import find_community
from webapp.extensions import db, limiter
from webapp.http import keep_out_of_caches
from webapp.models import PartnershipRequest, PartnershipStatus
from webapp.partnerships import bp, services
from webapp.partnerships.forms import PartnershipRequestForm
from webapp.spaces import services as spaces



# Requests are private to two communities, and accepted ones carry contacts.
keep_out_of_caches(bp)


def _sides(partnership):
    """Which sides of the request the signed-in person coordinates: 'sender', 'receiver' or both."""
    me = current_person()
    return {
        side for side, community in (("sender", partnership.sender), ("receiver", partnership.receiver))
        if me.coordinates(community)
    }


def _request_or_404(request_id):
    """The request, for a coordinator of either side or the person who sent it (also after they
    handed coordination over: they keep sight of what they sent, without the contacts)."""
    partnership = db.get_or_404(PartnershipRequest, request_id)
    if not _sides(partnership) and partnership.sent_by_id != current_user.id:
        abort(403)
    return partnership


@bp.get("")
@login_required
def index():
    """Every request sent or received by the communities I coordinate and every one I sent,
    waiting ones first."""
    communities = services.coordinated_communities(current_person())
    requests = services.requests_for(current_person(), communities)
    mine = {c.id for c in communities}
    waiting = [r for r in requests if r.receiver_id in mine and r.status == PartnershipStatus.PENDING]
    return render_template(
        "partnerships/index.html", communities=communities, requests=requests, waiting=waiting, mine=mine
    )


@bp.route("/ajak/<slug:slug>", methods=["GET", "POST"])
@verified_required
@limiter.limit("10 per day", key_func=per_account, methods=["POST"])
def new_request(slug):
    """Ask the community at `slug` to partner with one of mine, with a shared goal and a message.
    A community of mine that already has a pending or accepted request with it is pointed to
    that request instead of being offered a second one."""
    receiver = find_community(slug)
    if receiver is None:
        abort(404)
    senders = [c for c in services.coordinated_communities(current_person()) if c.id != receiver.id]
    if not senders:
        return render_template("partnerships/no_community.html", receiver=receiver), 403
    existing = [r for r in (services.open_request_between(c, receiver) for c in senders) if r is not None]
    taken = {r.sender_id for r in existing} | {r.receiver_id for r in existing}
    available = [c for c in senders if c.id not in taken]
    form = PartnershipRequestForm(available, data={"sender": request.args.get("dari", "")})
    if available and form.validate_on_submit():
        sender = next(c for c in available if c.slug == form.sender.data)
        try:
            partnership = services.send_request(sender, receiver, current_person(), form.goal.data, form.message.data)
        except services.RequestClosed:
            form.sender.errors.append(_("Sudah ada ajakan antara %(sender)s dan %(receiver)s.",
                                        sender=sender.name, receiver=receiver.name))
        else:
            flash(_("Ajakan terkirim ke %(name)s.", name=receiver.name), "success")
            return redirect(url_for(".detail", request_id=partnership.id), 303)
    if not form.is_submitted():
        status = 200
    else:
        status = 422 if available else 409
    return render_template(
        "partnerships/new.html", receiver=receiver, form=form if available else None, existing=existing
    ), status


@bp.get("/<id:request_id>")
@login_required
def detail(request_id):
    """One request; contacts appear once accepted, to the coordinators of its two communities."""
    partnership = _request_or_404(request_id)
    sides = _sides(partnership)
    return render_template(
        "partnerships/detail.html",
        partnership=partnership,
        sides=sides,
        contacts=services.exchanged_contacts(partnership) if sides else None,
        history=services.history_between(partnership.sender, partnership.receiver) if sides else [],
        space=spaces.for_request(partnership) if sides else None,
    )


def _closed_message(status):
    if status == PartnershipStatus.WITHDRAWN:
        return _("Ajakan ini sudah ditarik oleh pengirimnya, jadi tidak bisa dijawab lagi.")
    return _("Ajakan ini sudah dijawab sebelumnya.")


def _answer(request_id, accept):
    partnership = _request_or_404(request_id)
    if "receiver" not in _sides(partnership):
        abort(403)
    try:
        services.answer_request(partnership, current_person(), accept)
    except services.RequestClosed as closed:
        flash(_closed_message(closed.status), "info")
    else:
        if accept:
            flash(_("Ajakan diterima. Kontak kedua pihak kini terlihat di bawah."), "success")
        else:
            flash(_("Ajakan ditolak."), "success")
    return redirect(url_for(".detail", request_id=partnership.id), 303)


@bp.post("/<id:request_id>/terima")
@login_required
def accept(request_id):
    """The receiver accepts: from now on both sides see each other's contacts."""
    return _answer(request_id, accept=True)


@bp.post("/<id:request_id>/tolak")
@login_required
def decline(request_id):
    """The receiver declines; no contact is exchanged, and the request stays in both histories."""
    return _answer(request_id, accept=False)


@bp.route("/<id:request_id>/tarik", methods=["GET", "POST"])
@login_required
def withdraw(request_id):
    """The sending community's coordinators take back a request still waiting for an answer.
    GET asks to confirm (a page, so it works without JavaScript); POST withdraws."""
    partnership = _request_or_404(request_id)
    if "sender" not in _sides(partnership):
        abort(403)
    if request.method == "GET":
        if not partnership.is_pending:
            flash(_closed_message(partnership.status), "info")
            return redirect(url_for(".detail", request_id=partnership.id), 303)
        return render_template("partnerships/withdraw.html", partnership=partnership)
    try:
        services.withdraw_request(partnership, current_person())
    except services.RequestClosed as closed:
        if closed.status == PartnershipStatus.WITHDRAWN:
            flash(_("Ajakan ini sudah ditarik."), "info")
        else:
            flash(_("Ajakan ini sudah dijawab %(name)s, jadi tidak bisa ditarik lagi.",
                    name=partnership.receiver.name), "info")
    else:
        flash(_("Ajakan ditarik. %(name)s diberi tahu.", name=partnership.receiver.name), "success")
    return redirect(url_for(".detail", request_id=partnership.id), 303)
