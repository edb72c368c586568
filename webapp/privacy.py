"""Personal data: consents (the questions, the answers and the notice they were given under), and
by kind who is affected when one kind of data leaks (the breach runbook)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from webapp.extensions import db
from webapp.models import (
    Community,
    Consent,
    Coordinatorship,
    LessonCompletion,
    PartnershipRequest,
    User,
    UserSession,
)

# The version of the privacy notice (/privasi) consent is given under; change it with the text.
PRIVACY_NOTICE_VERSION = "2026-11-30"


def record_consent(user, purpose, given):
    """Add the person's answer for `purpose` (a ConsentPurpose) to the session; the caller commits."""
    db.session.add(
        Consent(user_id=user.id, purpose=purpose, given=given, notice_version=PRIVACY_NOTICE_VERSION)
    )


def consents(user):
    """Every answer the person gave, oldest first: the proof of consent."""
    return db.session.scalars(
        sa.select(Consent).where(Consent.user_id == user.id).order_by(Consent.created_at, Consent.id)
    ).all()


def consent_given(user, purpose):
    """The person's current answer for `purpose`: their latest one; no answer is no consent."""
    latest = db.session.scalar(
        sa.select(Consent.given)
        .where(Consent.user_id == user.id, Consent.purpose == purpose)
        .order_by(Consent.created_at.desc(), Consent.id.desc())
        .limit(1)
    )
    return bool(latest)


# The consent questions, asked the same way at registration (accounts) and on Data saya; here, and
# not in either area, because registration's form is built before the areas' views are loaded.


class ChoicesForm(FlaskForm):
    """The choices that are the person's alone, changed at any time (e-mail has its own page)."""

    name_to_participants = BooleanField(_l("Tampilkan nama saya kepada peserta lain di pertemuan yang saya ikuti"))


class RegistrationConsents(ChoicesForm):
    """The consent step of registration: the rules and the notice are required, the rest is a free choice."""

    accept_rules = BooleanField(
        _l("Saya menerima aturan jejaring"),
        validators=[DataRequired(message=_l("Terima aturan jejaring untuk bisa mendaftar."))],
    )
    accept_privacy = BooleanField(
        _l("Saya sudah membaca pemberitahuan privasi"),
        validators=[DataRequired(message=_l("Baca pemberitahuan privasi, lalu centang kotak ini."))],
    )
    email_notifications = BooleanField(_l("Kirim pemberitahuan penting ke email saya"))


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
