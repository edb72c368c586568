"""Ajak bermitra: a coordinator asks another community to work together; the receiver answers.

Only the coordinators of the two communities see a request. Contacts are shown to both only
once the receiver accepts (see services). Sending is rate limited per account, so nobody can
use requests to reach every community in bulk.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.directory.services import find_community
from webapp.extensions import db, limiter
from webapp.models import PartnershipRequest, PartnershipStatus
from webapp.notifications import notify_coordinators
from webapp.partnerships import bp, services
from webapp.partnerships.forms import PartnershipRequestForm

ID = "int(max=2147483647)"


def _me():
    return current_user._get_current_object()


def _per_account():
    return f"user:{current_user.id}"


@bp.after_request
def keep_out_of_caches(response):
    # Requests are private to two communities, and accepted ones carry contacts.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _sides(partnership):
    """Which sides of the request the signed-in person coordinates: 'sender', 'receiver' or both."""
    me = _me()
    return {
        side for side, community in (("sender", partnership.sender), ("receiver", partnership.receiver))
        if me.coordinates(community)
    }


def _request_or_404(request_id):
    partnership = db.get_or_404(PartnershipRequest, request_id)
    if not _sides(partnership):
        abort(403)
    return partnership


@bp.get("")
@login_required
def index():
    """Every request sent or received by the communities I coordinate, waiting ones first."""
    communities = services.coordinated_communities(_me())
    requests = services.requests_of(communities)
    mine = {c.id for c in communities}
    waiting = [r for r in requests if r.receiver_id in mine and r.status == PartnershipStatus.PENDING]
    return render_template(
        "partnerships/index.html", communities=communities, requests=requests, waiting=waiting, mine=mine
    )


@bp.route("/ajak/<slug>", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per day", key_func=_per_account, methods=["POST"])
def new_request(slug):
    """Ask the community at `slug` to partner with one of mine, with a shared goal and a message."""
    receiver = find_community(slug)
    if receiver is None:
        abort(404)
    senders = [c for c in services.coordinated_communities(_me()) if c.id != receiver.id]
    if not senders:
        return render_template("partnerships/no_community.html", receiver=receiver), 403
    form = PartnershipRequestForm(senders, data={"sender": request.args.get("dari", "")})
    if form.validate_on_submit():
        sender = next(c for c in senders if c.slug == form.sender.data)
        if services.pending_between(sender, receiver):
            form.goal.errors.append(
                _("%(name)s belum menjawab ajakan Anda sebelumnya. Tunggu jawabannya dulu.", name=receiver.name)
            )
        else:
            partnership = services.send_request(sender, receiver, _me(), form.goal.data, form.message.data)
            _notify_receiver(partnership)
            flash(_("Ajakan terkirim ke %(name)s.", name=receiver.name), "success")
            return redirect(url_for(".detail", request_id=partnership.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("partnerships/new.html", receiver=receiver, form=form), status


def _notify_receiver(partnership):
    """Tell the receiving coordinators (inbox, and e-mail unless they turned it off). Neither
    carries a contact of the sender."""
    notify_coordinators(
        partnership.receiver, "partnership_request_received",
        link=url_for(".detail", request_id=partnership.id),
        sender=partnership.sender.name, receiver=partnership.receiver.name, goal=partnership.goal,
    )
    db.session.commit()


@bp.get(f"/<{ID}:request_id>")
@login_required
def detail(request_id):
    """One request, for the coordinators of its two communities; contacts appear once accepted."""
    partnership = _request_or_404(request_id)
    return render_template(
        "partnerships/detail.html",
        partnership=partnership,
        sides=_sides(partnership),
        contacts=services.exchanged_contacts(partnership),
        history=services.history_between(partnership.sender, partnership.receiver),
    )


def _answer(request_id, accept):
    partnership = _request_or_404(request_id)
    if "receiver" not in _sides(partnership):
        abort(403)
    if not services.answer_request(partnership, _me(), accept):
        flash(_("Ajakan ini sudah dijawab sebelumnya."), "info")
    elif accept:
        flash(_("Ajakan diterima. Kontak kedua pihak kini terlihat di bawah."), "success")
    else:
        flash(_("Ajakan ditolak."), "success")
    return redirect(url_for(".detail", request_id=partnership.id), 303)


@bp.post(f"/<{ID}:request_id>/terima")
@login_required
def accept(request_id):
    """The receiver accepts: from now on both sides see each other's contacts."""
    return _answer(request_id, accept=True)


@bp.post(f"/<{ID}:request_id>/tolak")
@login_required
def decline(request_id):
    """The receiver declines; no contact is exchanged, and the request stays in both histories."""
    return _answer(request_id, accept=False)
