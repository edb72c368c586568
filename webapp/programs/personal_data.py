"""What the programs area knows about a person: the programs and campaigns they wrote, read from
the audit trail (the records belong to their communities and carry no author), for Data saya."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.privacy import PersonalData, register

WRITTEN = ("program.created", "campaign.created")


def _written(user):
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.actor_id == user.id, AuditEvent.action.in_(WRITTEN))
        .order_by(AuditEvent.created_at)
    )
    return [
        {"kind": str(_l("Program") if e.action == "program.created" else _l("Kampanye")),
         "title": (e.details or {}).get("title", ""),
         "community": e.community.name if e.community else "", "created_at": e.created_at}
        for e in events
    ]


register(PersonalData(
    name="programs_written",
    title=_l("Program dan kampanye yang Anda tulis"),
    fields={"kind": _l("Jenis"), "title": _l("Judul"), "community": _l("Komunitas"), "created_at": _l("Ditulis")},
    tables=(),
    export=_written,
    erase=lambda erasure: None,  # the rows are the communities'; the audit trail keeps a pseudonym
    note=_l("Program dan kampanye milik komunitasnya dan tetap ada setelah akun Anda dihapus."),
    order=20,
))
