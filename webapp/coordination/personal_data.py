"""What the coordination area keeps about a person (the communities they coordinate, invitations),
for Data saya; and why a last coordinator cannot delete their account yet."""

from datetime import timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import Community, Coordinatorship, Invitation
from webapp.privacy import PersonalData, register


def _coordinatorships(user):
    return db.session.scalars(
        sa.select(Coordinatorship).where(Coordinatorship.user_id == user.id).order_by(Coordinatorship.created_at)
    ).all()


def _communities(user):
    return [
        {"community": c.community.name, "slug": c.community.slug, "since": c.created_at}
        for c in _coordinatorships(user)
    ]


def _invitations(user):
    """Invitations the person sent (without the invited address: that is the other person's)
    and the ones sent to them."""
    rows = db.session.scalars(
        sa.select(Invitation)
        .where(sa.or_(Invitation.invited_by_id == user.id, sa.func.lower(Invitation.email) == user.email.lower()))
        .order_by(Invitation.created_at)
    )
    return [
        {"community": i.community.name, "sent_by_you": i.invited_by_id == user.id, "created_at": i.created_at,
         "expires_at": i.expires_at, "accepted_at": i.accepted_at}
        for i in rows
    ]


def _last_coordinator_of(user):
    """The communities the person coordinates alone: they would be left without anyone."""
    other = sa.orm.aliased(Coordinatorship)
    others = sa.select(sa.func.count(other.id)).where(
        other.community_id == Community.id, other.user_id != user.id
    ).correlate(Community).scalar_subquery()
    return db.session.scalars(
        sa.select(Community).join(Coordinatorship)
        .where(Coordinatorship.user_id == user.id, others == 0)
        .order_by(Community.name)
    ).all()


def _refuse(user):
    return [
        (
            _l("Anda satu-satunya koordinator %(community)s. Undang koordinator baru dan serahkan "
               "koordinasinya dulu: profil komunitas tetap ada setelah akun Anda dihapus.", community=c.name),
            url_for("coordination.coordinators", slug=c.slug),
        )
        for c in _last_coordinator_of(user)
    ]


def _erase_communities(erasure):
    """The person stops coordinating; the communities keep their profiles, and one whose contact
    e-mail was the person's own loses it."""
    db.session.execute(sa.delete(Coordinatorship).where(Coordinatorship.user_id == erasure.user_id))
    for column in (Community.verified_by_id, Community.updated_by_id):
        db.session.execute(sa.update(Community).where(column == erasure.user_id).values({column: None}))
    db.session.execute(
        sa.update(Community).where(sa.func.lower(Community.email) == erasure.email.lower()).values(email=None)
    )


def _erase_invitations(erasure):
    """Invitations the person sent or received go: open ones are withdrawn."""
    db.session.execute(
        sa.delete(Invitation).where(
            sa.or_(
                Invitation.invited_by_id == erasure.user_id,
                Invitation.accepted_by_id == erasure.user_id,
                sa.func.lower(Invitation.email) == erasure.email.lower(),
            )
        )
    )


# An invitation (it holds the invited person's address) goes this long after its link expired;
# until then the link still says "expired" rather than "unknown".
EXPIRED_INVITATIONS_KEPT = timedelta(days=30)


def _purge_invitations(now):
    return db.session.execute(
        sa.delete(Invitation).where(Invitation.expires_at < now - EXPIRED_INVITATIONS_KEPT)
    ).rowcount


register(PersonalData(
    name="communities",
    title=_l("Komunitas yang Anda koordinasikan"),
    fields={"community": _l("Komunitas"), "slug": _l("Alamat"), "since": _l("Sejak")},
    tables=("coordinatorship", "community"),
    export=_communities,
    erase=_erase_communities,
    refuse=_refuse,
    note=_l("Profil, program dan kampanye milik komunitas, dan tetap ada setelah akun Anda dihapus."),
    order=10,
))

register(PersonalData(
    name="invitations",
    title=_l("Undangan menjadi koordinator"),
    fields={"community": _l("Komunitas"), "sent_by_you": _l("Dikirim oleh Anda"), "created_at": _l("Dikirim"),
            "expires_at": _l("Berlaku sampai"), "accepted_at": _l("Diterima")},
    tables=("invitation",),
    export=_invitations,
    erase=_erase_invitations,
    purge=_purge_invitations,
    order=11,
))
