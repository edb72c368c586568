"""What the partnerships area keeps about a person: the partnership requests they sent or
answered on behalf of a community, for Data saya."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import PartnershipRequest
from webapp.privacy import PersonalData, register


def _involving(user_id):
    return sa.or_(PartnershipRequest.sent_by_id == user_id, PartnershipRequest.answered_by_id == user_id)


def _requests(user):
    rows = db.session.scalars(
        sa.select(PartnershipRequest).where(_involving(user.id)).order_by(PartnershipRequest.created_at)
    )
    return [
        {"sender": r.sender.name, "receiver": r.receiver.name, "sent_by_you": r.sent_by_id == user.id,
         "goal": r.goal, "message": r.message, "status": str(r.state.label), "created_at": r.created_at,
         "answered_at": r.answered_at}
        for r in rows
    ]


def _erase(erasure):
    """The requests are the two communities' and stay; the person's name leaves them."""
    for request in db.session.scalars(sa.select(PartnershipRequest).where(_involving(erasure.user_id))):
        request.goal = erasure.scrub(request.goal)
        request.message = erasure.scrub(request.message)
        if request.sent_by_id == erasure.user_id:
            request.sent_by_id = None
        if request.answered_by_id == erasure.user_id:
            request.answered_by_id = None


register(PersonalData(
    name="partnership_requests",
    title=_l("Ajakan bermitra"),
    fields={"sender": _l("Dari"), "receiver": _l("Kepada"), "sent_by_you": _l("Dikirim oleh Anda"),
            "goal": _l("Tujuan"), "message": _l("Pesan"), "status": _l("Status"), "created_at": _l("Dikirim"),
            "answered_at": _l("Dijawab")},
    tables=("partnership_request",),
    export=_requests,
    erase=_erase,
    note=_l("Ajakan bermitra milik kedua komunitas dan tetap ada tanpa nama Anda setelah akun Anda dihapus."),
    order=60,
))
