"""Partnership requests: who may send, answer and read them, and what each side may see.

Until the receiver accepts, a request shows the two communities' names, the goal and the
message, never an e-mail or phone number. On acceptance both sides see each other's
coordinators (name and personal e-mail) and the community's own contacts; that exchange is
what a partnership needs, and it is why the texts are checked for contacts when written.
"""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from webapp.directory.services import contact_links
from webapp.extensions import db
from webapp.models import (
    Community,
    Coordinatorship,
    PartnershipRequest,
    PartnershipStatus,
    record_audit,
    utcnow,
)


def coordinated_communities(user):
    """The communities `user` coordinates, by name: the ones they may send requests for."""
    return db.session.scalars(
        sa.select(Community)
        .join(Coordinatorship)
        .where(Coordinatorship.user_id == user.id)
        .order_by(sa.func.lower(Community.name), Community.id)
    ).all()


def pending_between(sender, receiver):
    return db.session.scalar(
        sa.select(PartnershipRequest).where(
            PartnershipRequest.sender_id == sender.id,
            PartnershipRequest.receiver_id == receiver.id,
            PartnershipRequest.status == PartnershipStatus.PENDING,
        )
    )


def send_request(sender, receiver, user, goal, message):
    request = PartnershipRequest(sender=sender, receiver=receiver, sent_by=user, goal=goal, message=message)
    db.session.add(request)
    db.session.flush()
    record_audit("partnership.requested", actor=user, community=sender, request_id=request.id,
                 title=receiver.name)
    db.session.commit()
    return request


def answer_request(request, user, accept):
    """Accept or decline, once: an answered request keeps its first answer (False if it had one)."""
    result = db.session.execute(
        sa.update(PartnershipRequest)
        .where(PartnershipRequest.id == request.id, PartnershipRequest.status == PartnershipStatus.PENDING)
        .values(
            status=PartnershipStatus.ACCEPTED if accept else PartnershipStatus.DECLINED,
            answered_at=utcnow(),
            answered_by_id=user.id,
        )
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    action = "partnership.accepted" if accept else "partnership.declined"
    record_audit(action, actor=user, community=request.receiver, request_id=request.id,
                 title=request.sender.name)
    db.session.commit()
    db.session.refresh(request)
    return True


def requests_of(communities):
    """Every request sent or received by these communities, newest first: the shared history."""
    ids = [c.id for c in communities]
    if not ids:
        return []
    return db.session.scalars(
        sa.select(PartnershipRequest)
        .where(sa.or_(PartnershipRequest.sender_id.in_(ids), PartnershipRequest.receiver_id.in_(ids)))
        .options(selectinload(PartnershipRequest.sender), selectinload(PartnershipRequest.receiver))
        .order_by(PartnershipRequest.created_at.desc(), PartnershipRequest.id.desc())
    ).all()


def pending_for(community):
    """Requests waiting for this community's answer."""
    return db.session.scalars(
        sa.select(PartnershipRequest)
        .where(PartnershipRequest.receiver_id == community.id, PartnershipRequest.status == PartnershipStatus.PENDING)
        .options(selectinload(PartnershipRequest.sender))
        .order_by(PartnershipRequest.id)
    ).all()


def exchanged_contacts(request):
    """What each side may see of the other once the request is accepted; None before that.

    A list of (community, coordinators as (name, e-mail), the community's contact rows).
    """
    if not request.is_accepted:
        return None
    return [
        (community, [(u.name, u.email) for u in community.coordinators], contact_links(community))
        for community in (request.sender, request.receiver)
    ]


def history_between(first, second):
    """Every request between two communities, either way, oldest first."""
    pair = {first.id, second.id}
    return db.session.scalars(
        sa.select(PartnershipRequest)
        .where(PartnershipRequest.sender_id.in_(pair), PartnershipRequest.receiver_id.in_(pair))
        .order_by(PartnershipRequest.created_at, PartnershipRequest.id)
    ).all()
