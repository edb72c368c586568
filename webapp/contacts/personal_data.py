"""What the contacts area keeps about a person: the contact requests they sent, the ones their
communities received, and blocks, for Data saya. Nobody's e-mail or phone is exported here."""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.contacts.models import ContactBlock, ContactRequest, ContactRequestStatus
from webapp.extensions import db
from webapp.models import Community, Coordinatorship
from webapp.privacy import PersonalData, register


def _requests(user):
    """Requests the person sent, and those their communities received (by name: no contact details)."""
    coordinated = sa.select(Coordinatorship.community_id).where(Coordinatorship.user_id == user.id)
    rows = db.session.scalars(
        sa.select(ContactRequest)
        .where(sa.or_(ContactRequest.user_id == user.id, ContactRequest.community_id.in_(coordinated)))
        .order_by(ContactRequest.created_at)
    )
    return [
        {"sent_by_you": r.user_id == user.id, "community": r.community.name, "person": r.user.name,
         "message": r.message, "status": str(r.state.label), "created_at": r.created_at,
         "answered_at": r.answered_at}
        for r in rows
    ]


def _blocks(user):
    """The communities that stopped the person from asking them again."""
    rows = db.session.execute(
        sa.select(Community.name, ContactBlock.created_at)
        .join(Community, Community.id == ContactBlock.community_id)
        .where(ContactBlock.user_id == user.id)
    )
    return [{"community": name, "created_at": created} for name, created in rows]


def _erase_requests(erasure):
    """The person's requests go; in those they answered for a community, their name does."""
    db.session.execute(sa.delete(ContactRequest).where(ContactRequest.user_id == erasure.user_id))
    db.session.execute(
        sa.update(ContactRequest).where(ContactRequest.answered_by_id == erasure.user_id).values(answered_by_id=None)
    )


def _erase_blocks(erasure):
    db.session.execute(sa.delete(ContactBlock).where(ContactBlock.user_id == erasure.user_id))
    db.session.execute(
        sa.update(ContactBlock).where(ContactBlock.blocked_by_id == erasure.user_id).values(blocked_by_id=None)
    )


# A request nobody answered in this time has expired, and a declined one has done its work: both
# go (the person may ask again). Accepted ones stay: they are what lets the person see the contacts.
UNANSWERED_REQUESTS_KEPT = timedelta(days=90)
DECLINED_REQUESTS_KEPT = timedelta(days=90)


def _purge_requests(now):
    return db.session.execute(
        sa.delete(ContactRequest).where(
            sa.or_(
                sa.and_(ContactRequest.status == ContactRequestStatus.PENDING,
                        ContactRequest.created_at < now - UNANSWERED_REQUESTS_KEPT),
                sa.and_(ContactRequest.status == ContactRequestStatus.DECLINED,
                        ContactRequest.answered_at < now - DECLINED_REQUESTS_KEPT),
            )
        )
    ).rowcount


register(PersonalData(
    name="contact_requests",
    title=_l("Permintaan kontak"),
    fields={"sent_by_you": _l("Dikirim oleh Anda"), "community": _l("Komunitas"), "person": _l("Peminta"),
            "message": _l("Pesan"), "status": _l("Status"), "created_at": _l("Dikirim"),
            "answered_at": _l("Dijawab")},
    tables=("contact_request",),
    export=_requests,
    erase=_erase_requests,
    purge=_purge_requests,
    note=_l("Kontak orang lain tidak ikut disalin."),
    order=50,
))

register(PersonalData(
    name="contact_blocks",
    title=_l("Komunitas yang memblokir permintaan Anda"),
    fields={"community": _l("Komunitas"), "created_at": _l("Sejak")},
    tables=("contact_block",),
    export=_blocks,
    erase=_erase_blocks,
    order=51,
))
