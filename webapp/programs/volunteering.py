"""Volunteer sign-ups on programs: "Saya mau membantu", and the coordinators' answer.

Contacts follow the one rule of webapp.contacts.services.may_see_contacts: neither side sees
the other's e-mail or phone until the program's coordinators accept the offer; then both do.
"""

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models import OfferStatus, Program, ProgramStatus, VolunteerOffer, record_audit, utcnow
from webapp.notifications import notify, notify_coordinators
from webapp.versioning import claim_status


class OfferRefused(Exception):
    """Offering is not possible: `reason` is "own" (the person coordinates the program's
    community), "open" (an offer waits or was accepted) or "finished" (the program ended)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def seeks_volunteers(program):
    return "volunteers" in (program.seeks or []) and program.status != ProgramStatus.FINISHED


def latest_offer(user, program):
    return db.session.scalar(
        sa.select(VolunteerOffer)
        .where(VolunteerOffer.user_id == user.id, VolunteerOffer.program_id == program.id)
        .order_by(VolunteerOffer.id.desc())
        .limit(1)
    )


def offer_help(user, program, offer, availability):
    """Offer `program` help; its coordinators are told. Raises OfferRefused."""
    if user.coordinates(program.community):
        raise OfferRefused("own")
    if not seeks_volunteers(program):
        raise OfferRefused("finished")
    previous = latest_offer(user, program)
    if previous is not None and previous.status in (OfferStatus.PENDING, OfferStatus.ACCEPTED):
        raise OfferRefused("open")
    item = VolunteerOffer(program=program, user=user, offer=offer, availability=availability)
    db.session.add(item)
    db.session.flush()
    record_audit("volunteer.offered", actor=user, community=program.community, offer_id=item.id)
    notify_coordinators(
        program.community, "volunteer_offer_received",
        link=url_for("programs.offers", slug=program.community.slug), person=user.name, program=program.title,
    )
    db.session.commit()
    return item


def offers_to(community):
    """A community's offers: waiting first, then the answered, newest first."""
    return db.session.scalars(
        sa.select(VolunteerOffer)
        .join(VolunteerOffer.program)
        .where(Program.community_id == community.id)
        .options(selectinload(VolunteerOffer.user), selectinload(VolunteerOffer.program))
        .order_by((VolunteerOffer.status == OfferStatus.PENDING).desc(), VolunteerOffer.id.desc())
    ).all()


def answer_offer(offer, coordinator, accept):
    """Accept or decline a waiting offer; the relawan is told. False if already answered."""
    status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    if not claim_status(offer, OfferStatus.PENDING, status=status, answered_at=utcnow(), answered_by_id=coordinator.id):
        return False
    db.session.refresh(offer)
    community = offer.program.community
    record_audit(f"volunteer.{status.value}", actor=coordinator, community=community, subject_user=offer.user,
                 offer_id=offer.id)
    notify(
        offer.user, "volunteer_offer_accepted" if accept else "volunteer_offer_declined",
        link=url_for("meetings.activities"), program=offer.program.title, community=community.name,
    )
    db.session.commit()
    return True


def withdraw_offer(offer):
    result = db.session.execute(
        sa.update(VolunteerOffer)
        .where(VolunteerOffer.id == offer.id, VolunteerOffer.status == OfferStatus.PENDING)
        .values(status=OfferStatus.WITHDRAWN, answered_at=utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


def my_offers(user):
    return db.session.scalars(
        sa.select(VolunteerOffer)
        .where(VolunteerOffer.user_id == user.id)
        .options(selectinload(VolunteerOffer.program).selectinload(Program.community))
        .order_by(VolunteerOffer.id.desc())
    ).all()
