"""Consents: what each person agreed to, for which purpose, under which notice, and when."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.base import Status, utcnow


class ConsentPurpose(Status):
    RULES = "rules", _l("Menerima aturan jejaring")
    PRIVACY_NOTICE = "privacy_notice", _l("Sudah membaca pemberitahuan privasi")
    EMAIL_NOTIFICATIONS = "email_notifications", _l("Pemberitahuan lewat e-mail")
    NAME_TO_PARTICIPANTS = "name_to_participants", _l("Nama saya terlihat oleh peserta pertemuan lain")


class Consent(db.Model):
    """One answer for one purpose: given or withdrawn, under which privacy notice version, when.

    Rows are never changed: a new answer is a new row, so together they are the proof of
    consent (UU PDP) and the person's current choice is the latest row of each purpose.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(40))
    given: Mapped[bool]
    notice_version: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def purpose_label(self):
        return ConsentPurpose(self.purpose).label
