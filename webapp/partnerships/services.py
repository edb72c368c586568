"""Partnership requests: who may send, answer, withdraw and read them, what each side may see,
and how the coordinators hear about them.

Until the receiver accepts, a request shows the two communities' names, the goal and the
message, never an e-mail or phone number. On acceptance both sides see each other's
coordinators (name and personal e-mail) and the community's own contacts; that exchange is
what a partnership needs, and it is why the texts are checked for contacts when written.
Contacts are shown only to people who coordinate one of the two communities now: someone who
sent a request and has since handed coordination over still sees the request, not the contacts.
"""


import sqlalchemy as sa
from flask import url_for
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
from webapp.notifications import notify_coordinators
from webapp.spaces import services as spaces
from webapp.versioning import claim_status

# A request in one of these states stands between two communities: no second one is sent.
OPEN = (PartnershipStatus.PENDING, PartnershipStatus.ACCEPTED)


class RequestClosed(Exception):
    """The request was already answered or withdrawn; `status` says which."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def coordinated_communities(user):
    """The communities `user` coordinates, by name: the ones they may send requests for."""
    return db.session.scalars(
        sa.select(Community)
        .join(Coordinatorship)
        .where(Coordinatorship.user_id == user.id)
        .order_by(sa.func.lower(Community.name), Community.id)
    ).all()


def _between(first_id, second_id):
    return sa.or_(
        sa.and_(PartnershipRequest.sender_id == first_id, PartnershipRequest.receiver_id == second_id),
        sa.and_(PartnershipRequest.sender_id == second_id, PartnershipRequest.receiver_id == first_id),
    )


def open_request_between(first, second):
    """The pending or accepted request between two communities, either way; None if there is none."""
    return db.session.scalar(
        sa.select(PartnershipRequest)
        .where(_between(first.id, second.id), PartnershipRequest.status.in_(OPEN))
        .order_by(PartnershipRequest.created_at.desc(), PartnershipRequest.id.desc())
        .limit(1)
    )


def open_partner_ids(community):
    """Ids of the communities this one has a pending or accepted request with, either way."""
    rows = db.session.execute(
        sa.select(PartnershipRequest.sender_id, PartnershipRequest.receiver_id).where(
            sa.or_(PartnershipRequest.sender_id == community.id, PartnershipRequest.receiver_id == community.id),
            PartnershipRequest.status.in_(OPEN),
        )
    ).all()
    return {other for pair in rows for other in pair if other != community.id}


def send_request(sender, receiver, user, goal, message):
    """Save the request and tell the receiving coordinators; refuses (RequestClosed) a second
    request while one between the two communities is pending or accepted."""
    existing = open_request_between(sender, receiver)
    if existing is not None:
        raise RequestClosed(existing.status)
    request = PartnershipRequest(sender=sender, receiver=receiver, sent_by=user, goal=goal, message=message)
    db.session.add(request)
    db.session.flush()
    record_audit("partnership.requested", actor=user, community=sender, request_id=request.id,
                 title=receiver.name)
    notify_coordinators(
        receiver, "partnership_request_received", link=_link(request),
        sender=sender.name, receiver=receiver.name, goal=goal,
    )
    db.session.commit()
    return request


def _close(request, user, status):
    """Move a pending request to `status`, once, even when two people click at the same time."""
    if not claim_status(request, PartnershipStatus.PENDING, status=status, answered_at=utcnow(), answered_by_id=user.id):
        db.session.refresh(request)
        raise RequestClosed(request.status)


def answer_request(request, user, accept):
    """Accept or decline a pending request and tell the sending coordinators; RequestClosed if it
    was already answered or withdrawn (the first answer stays). Accepting opens the partnership
    space (webapp.spaces), where the partners go on together."""
    _close(request, user, PartnershipStatus.ACCEPTED if accept else PartnershipStatus.DECLINED)
    if accept:
        spaces.start(request, user)
    action = "partnership.accepted" if accept else "partnership.declined"
    record_audit(action, actor=user, community=request.receiver, request_id=request.id,
                 title=request.sender.name)
    notify_coordinators(
        request.sender, "partnership_request_accepted" if accept else "partnership_request_declined",
        link=_link(request), sender=request.sender.name, receiver=request.receiver.name,
    )
    db.session.commit()
    db.session.refresh(request)


def withdraw_request(request, user):
    """The sender takes back a request still waiting for an answer; the receiving coordinators are
    told, and it can no longer be accepted. RequestClosed if it was answered meanwhile."""
    _close(request, user, PartnershipStatus.WITHDRAWN)
    record_audit("partnership.withdrawn", actor=user, community=request.sender, request_id=request.id,
                 title=request.receiver.name)
    notify_coordinators(
        request.receiver, "partnership_request_withdrawn", link=_link(request),
        sender=request.sender.name, receiver=request.receiver.name,
    )
    db.session.commit()
    db.session.refresh(request)


def _link(request):
    return url_for("partnerships.detail", request_id=request.id)


def requests_for(user, communities):
    """Every request sent or received by the communities `user` coordinates, and every request
    they sent themselves (also for a community they no longer coordinate), newest first."""
    ids = [c.id for c in communities]
    return db.session.scalars(
        sa.select(PartnershipRequest)
        .where(
            sa.or_(
                PartnershipRequest.sender_id.in_(ids),
                PartnershipRequest.receiver_id.in_(ids),
                PartnershipRequest.sent_by_id == user.id,
            )
        )
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
    Only for someone who coordinates one of the two communities now (the route checks).

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
    return db.session.scalars(
        sa.select(PartnershipRequest)
        .where(_between(first.id, second.id))
        .order_by(PartnershipRequest.created_at, PartnershipRequest.id)
    ).all()
