"""What the notifications area keeps about a person: their inbox and e-mail choices, for Data
saya; and, when an account goes, its name leaves other people's notifications too."""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.notifications.kinds import KINDS
from webapp.notifications.models import Notification, NotificationPreference
from webapp.notifications.services import sentence
from webapp.privacy import PersonalData, register


def _inbox(user):
    rows = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.created_at)
    )
    return [{"text": sentence(n), "link": n.link, "created_at": n.created_at, "read_at": n.read_at} for n in rows]


def _erase_inbox(erasure):
    """The person's notifications go; in the ones others received, the person's name is replaced
    by the pseudonym (a contact request from them, a hand-over by them)."""
    db.session.execute(sa.delete(Notification).where(Notification.user_id == erasure.user_id))
    for notification_id, params in db.session.execute(sa.select(Notification.id, Notification.params)).all():
        scrubbed = erasure.scrub_values(params or {})
        if scrubbed != params:
            db.session.execute(sa.update(Notification).where(Notification.id == notification_id).values(params=scrubbed))


# The inbox is for what is happening now; a notification a year old has done its work.
NOTIFICATIONS_KEPT = timedelta(days=365)


def _purge_inbox(now):
    return db.session.execute(sa.delete(Notification).where(Notification.created_at < now - NOTIFICATIONS_KEPT)).rowcount


def _email_choices(user):
    rows = db.session.scalars(sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    return [{"kind": str(KINDS[p.kind].label) if p.kind in KINDS else p.kind, "email": p.email} for p in rows]


def _erase_email_choices(erasure):
    db.session.execute(sa.delete(NotificationPreference).where(NotificationPreference.user_id == erasure.user_id))


register(PersonalData(
    name="notifications",
    title=_l("Pemberitahuan"),
    fields={"text": _l("Isi"), "link": _l("Tautan"), "created_at": _l("Waktu"), "read_at": _l("Dibaca")},
    tables=("notification",),
    export=_inbox,
    erase=_erase_inbox,
    purge=_purge_inbox,
    order=40,
))

register(PersonalData(
    name="email_choices",
    title=_l("Pilihan e-mail pemberitahuan"),
    fields={"kind": _l("Jenis"), "email": _l("Lewat e-mail")},
    tables=("notification_preference",),
    export=_email_choices,
    erase=_erase_email_choices,
    order=41,
))
