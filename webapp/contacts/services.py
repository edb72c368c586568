"""Contacts by consent: who may see a community's contacts, asking for them, answering."""

import sqlalchemy as sa
from flask import url_for

from webapp.contacts.models import ContactBlock, ContactRequest, ContactRequestStatus
from webapp.extensions import db
from webapp.models import (
    Coordinatorship,
    OfferStatus,
    PartnershipRequest,
    PartnershipStatus,
    Program,
    VolunteerOffer,
    record_audit,
    utcnow,
)
from webapp.notifications import notify, notify_coordinators
from webapp.versioning import claim_status


class ContactRefused(Exception):
    """Asking is not possible now: `reason` is "open" (a request waits or was accepted),
    "blocked" (the coordinators stopped this account) or "own" (the person coordinates it)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def latest_request(user, community):
    """The person's most recent request to this community, or None."""
    return db.session.scalar(
        sa.select(ContactRequest)
        .where(ContactRequest.user_id == user.id, ContactRequest.community_id == community.id)
        .order_by(ContactRequest.id.desc())
        .limit(1)
    )


def _partner_of(user, community):
    """True when a community the user coordinates has an accepted partnership with `community`."""
    mine = sa.select(Coordinatorship.community_id).where(Coordinatorship.user_id == user.id)
    return bool(db.session.scalar(
        sa.select(sa.func.count(PartnershipRequest.id)).where(
            PartnershipRequest.status == PartnershipStatus.ACCEPTED,
            sa.or_(
                sa.and_(PartnershipRequest.sender_id == community.id, PartnershipRequest.receiver_id.in_(mine)),
                sa.and_(PartnershipRequest.receiver_id == community.id, PartnershipRequest.sender_id.in_(mine)),
            ),
        )
    ))


def _accepted_volunteer(user, community):
    """True when the coordinators accepted the user's offer to help one of the community's programs."""
    return bool(db.session.scalar(
        sa.select(sa.func.count(VolunteerOffer.id)).join(VolunteerOffer.program).where(
            VolunteerOffer.user_id == user.id,
            VolunteerOffer.status == OfferStatus.ACCEPTED,
            Program.community_id == community.id,
        )
    ))


def may_see_contacts(user, community):
    """Its own coordinators, people whose request or offer to help the coordinators accepted,
    and the coordinators of partner communities; nobody else, admins included."""
    if not user.is_authenticated:
        return False
    if user.coordinates(community):
        return True
    request = latest_request(user, community)
    if request is not None and request.state is ContactRequestStatus.ACCEPTED:
        return True
    return _accepted_volunteer(user, community) or _partner_of(user, community)


def may_see_volunteer_contacts(coordinator, offer):
    """The other side of the same rule: a relawan's e-mail reaches the program's coordinators
    once they accepted the offer, and not before."""
    return offer.status == OfferStatus.ACCEPTED and coordinator.coordinates(offer.program.community)


def is_blocked(user, community):
    return db.session.get(ContactBlock, (community.id, user.id)) is not None


def request_contacts(user, community, message):
    """Ask `community` for its contacts; its coordinators are told. Raises ContactRefused."""
    if user.coordinates(community):
        raise ContactRefused("own")
    if is_blocked(user, community):
        raise ContactRefused("blocked")
    previous = latest_request(user, community)
    if previous is not None and previous.state is not ContactRequestStatus.DECLINED:
        raise ContactRefused("open")
    request = ContactRequest(community=community, user=user, message=message)
    db.session.add(request)
    db.session.flush()
    record_audit("contact.requested", actor=user, community=community, request_id=request.id)
    notify_coordinators(
        community, "contact_request_received", link=url_for("contacts.requests", slug=community.slug),
        person=user.name, community=community.name, message=message,
    )
    db.session.commit()
    return request


def requests_to(community):
    """A community's contact requests: waiting ones first, then the answered, newest first."""
    return db.session.scalars(
        sa.select(ContactRequest)
        .where(ContactRequest.community_id == community.id)
        .order_by((ContactRequest.status == ContactRequestStatus.PENDING).desc(), ContactRequest.id.desc())
    ).all()


def answer(request, coordinator, accept, block=False):
    """Accept or decline a waiting request (declining may also block the account); the person
    is told. Returns False if it was answered already (by another coordinator, in another tab)."""
    status = ContactRequestStatus.ACCEPTED if accept else ContactRequestStatus.DECLINED
    if not claim_status(request, ContactRequestStatus.PENDING,
                        status=status, answered_at=utcnow(), answered_by_id=coordinator.id):
        return False
    community = request.community
    if block and not accept and not is_blocked(request.user, community):
        db.session.add(ContactBlock(community_id=community.id, user_id=request.user_id, blocked_by_id=coordinator.id))
    record_audit(
        f"contact.{status.value}", actor=coordinator, community=community, subject_user=request.user,
        request_id=request.id, blocked=block,
    )
    notify(
        request.user, "contact_request_accepted" if accept else "contact_request_declined",
        link=url_for("directory.profile", slug=community.slug) + "#kontak", community=community.name,
    )
    db.session.commit()
    return True
