"""Personal data by kind: who is affected when one kind of data leaks (the breach runbook)."""

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Community, Coordinatorship, LessonCompletion, PartnershipRequest, User, UserSession


def _coordinators_of(communities):
    return sa.select(Coordinatorship.user_id).where(Coordinatorship.community_id.in_(communities))


# Each kind of personal data, and a query for the ids of the people it is about.
DATA_KINDS = {
    "accounts": ("name, e-mail address, password hash", sa.select(User.id)),
    "sessions": ("devices and sign-in times", sa.select(UserSession.user_id).where(UserSession.ended_at.is_(None))),
    "contacts": (
        "the e-mail, phone and social links of communities (often a coordinator's own)",
        _coordinators_of(
            sa.select(Community.id).where(
                sa.or_(Community.email.is_not(None), Community.phone.is_not(None))
            )
        ),
    ),
    "partnerships": (
        "partnership requests and their messages",
        _coordinators_of(
            sa.union(sa.select(PartnershipRequest.sender_id), sa.select(PartnershipRequest.receiver_id))
        ),
    ),
    "progress": ("lessons marked as done", sa.select(LessonCompletion.user_id)),
}


def affected_people(kind):
    """The users a leak of `kind` (a key of DATA_KINDS) is about, ordered by id."""
    _description, ids = DATA_KINDS[kind]
    return db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.id)).all()
