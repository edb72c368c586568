"""What Data saya does: record the consents of registration and later choices, correct the
account, put together the person's data to read and to download, delete the account."""

import io
import json
import zipfile

from flask import current_app
from flask_babel import gettext as _

from webapp.extensions import db
from webapp.models import ConsentPurpose, record_audit
from webapp.notifications.services import choose_email, email_choices
from webapp.audit import DELETED_ACTOR
from webapp.privacy import areas_in_order, consent_given, erase_person, export_person, record_consent


def give_registration_consents(user, *, email_notifications, name_to_participants):
    """Record what the person agreed to when registering, with the notice version and time, and commit.

    The rules and the notice were required by the form; e-mail and showing one's name are the
    person's free choice. E-mail keeps each kind's default when agreed to and is off for every
    kind when not: the notification e-mail choices are where that choice lives afterwards.
    """
    record_consent(user, ConsentPurpose.RULES, given=True)
    record_consent(user, ConsentPurpose.PRIVACY_NOTICE, given=True)
    record_consent(user, ConsentPurpose.NAME_TO_PARTICIPANTS, given=name_to_participants)
    record_consent(user, ConsentPurpose.EMAIL_NOTIFICATIONS, given=email_notifications)
    defaults = {kind for kind, on in email_choices(user).items() if on}
    choose_email(user, defaults if email_notifications else set())  # commits


def choose_name_to_participants(user, shown):
    """Record a changed answer to showing one's name to other meeting participants; commit."""
    if consent_given(user, ConsentPurpose.NAME_TO_PARTICIPANTS) != shown:
        record_consent(user, ConsentPurpose.NAME_TO_PARTICIPANTS, given=shown)
        db.session.commit()


def correct_name(user, name):
    """Save the person's corrected name, recorded in the audit trail; commit."""
    if user.name != name:
        user.name = name
        record_audit("account.corrected", actor=user, subject_user=user)
        db.session.commit()


def readable_export(user):
    """Each area's title, note, labels and rows, for the page that shows the person their data."""
    return [(area, area.export(user)) for area in areas_in_order()]


def export_zip(user, now):
    """The person's data as a zip: data-saya.json (every area's rows) and a short note to read first."""
    data = export_person(user, now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data-saya.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(
            "BACA-SAYA.txt",
            _(
                "Salinan data Anda di Jejaring, dibuat %(time)s (UTC).\n\n"
                "data-saya.json berisi semua yang disimpan Jejaring tentang Anda, per bagian "
                "(\"areas\"), dengan judul dan catatan tiap bagian. Kontak orang lain tidak ikut "
                "disalin.\n\nPertanyaan tentang data Anda: %(contact)s\n",
                time=data["exported_at"], contact=current_app.config["PRIVACY_CONTACT"],
            ),
        )
    return buffer.getvalue()


def delete_account(user):
    """Delete the account and every row about it (webapp.privacy.erase_person) and commit; the
    deletion itself stays in the audit trail under the pseudonym. Raises AccountKept when
    something must happen first (a last coordinator hands over)."""
    erasure = erase_person(user)
    record_audit("account.deleted", **{DELETED_ACTOR: erasure.pseudonym})
    db.session.commit()
    return erasure
