"""What Data saya does: record the consents of registration and later choices."""

from webapp.extensions import db
from webapp.models import ConsentPurpose
from webapp.notifications.services import choose_email, email_choices
from webapp.privacy import consent_given, record_consent


def give_registration_consents(user, *, email_notifications, name_to_participants):
    """Record what the person agreed to when registering, with the notice version and time, and commit.

    The rules and the notice were required by the form; e-mail and showing one's name are the
    person's free choice. E-mail keeps each kind's default when agreed to and is off for every
    kind when not: the notification e-mail choices are where that choice lives afterwards.
    """
    record_consent(user, ConsentPurpose.RULES, given=True)
    record_consent(user, ConsentPurpose.PRIVACY_NOTICE, given=True)
    record_consent(user, ConsentPurpose.NAME_TO_PARTICIPANTS, given=name_to_participants)
    defaults = {kind for kind, on in email_choices(user).items() if on}
    choose_email(user, defaults if email_notifications else set())  # records the e-mail answer, commits


def choose_name_to_participants(user, shown):
    """Record a changed answer to showing one's name to other meeting participants; commit."""
    if consent_given(user, ConsentPurpose.NAME_TO_PARTICIPANTS) != shown:
        record_consent(user, ConsentPurpose.NAME_TO_PARTICIPANTS, given=shown)
        db.session.commit()
