"""Personal data: consents (the questions, the answers and the notice they were given under), what
each area keeps about a person (to export and to erase it), and by kind who is affected when one
kind of data leaks (the breach runbook).

Every area that keeps rows pointing at a person registers a `PersonalData` here with `register`:
what its rows are called, how to export them for the person and how to erase them when the
account is deleted. A test fails for any table with a foreign key to user.id that no area names.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from webapp.extensions import db
from webapp.jobs import crontab, periodic_job
from webapp.models import (
    Community,
    Consent,
    ConsentPurpose,
    Coordinatorship,
    LessonCompletion,
    PartnershipRequest,
    User,
    UserSession,
    utcnow,
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
    "consents": ("consents given and withdrawn, with their times", sa.select(Consent.user_id)),
}


def affected_people(kind):
    """The users a leak of `kind` (a key of DATA_KINDS) is about, ordered by id."""
    _description, ids = DATA_KINDS[kind]
    return db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.id)).all()


# What each area keeps about a person -------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    """The account being erased: its id, and what must not survive in any text (name, e-mail)."""

    user_id: int
    name: str
    email: str
    pseudonym: str

    def scrub(self, text):
        """`text` with the person's name and e-mail replaced by their pseudonym, where they stand
        as words of their own (an "Ani" leaves "Pertanian" alone)."""
        for word in (self.email, self.name):
            if word:
                text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", self.pseudonym, text, flags=re.IGNORECASE)
        return text

    def scrub_values(self, values):
        """A copy of a dict (JSON details, notification parameters) with every text value scrubbed."""
        return {key: self.scrub(value) if isinstance(value, str) else value for key, value in values.items()}


@dataclass(frozen=True)
class PersonalData:
    """What one area keeps about a person.

    `export(user)` returns the person's rows as dicts with the keys of `fields` ({key: label},
    in reading order), values as JSON can hold them (datetimes are written as ISO times), and never
    another person's contact details. `erase(erasure)` deletes the person's rows or takes the
    person out of rows that stay (a community's partnership request), in the caller's session.
    `refuse(user)` names what must happen before the account can go, as (message, link) pairs.
    `tables` are the area's tables that point at user.id. `purge(now)`, where an area keeps some
    rows only for a while (the schedule in the privacy notice), deletes the ones past their time
    and returns how many; the daily retention job runs it.
    """

    name: str
    title: str
    fields: dict
    tables: tuple
    export: Callable
    erase: Callable
    note: str = ""
    refuse: Callable = field(default=lambda user: [])
    order: int = 50  # where the area comes in the export, the account first
    purge: Callable | None = None


AREAS = {}


def register(area):
    """Add an area's personal data; an area's module calls this once when it is imported."""
    AREAS[area.name] = area
    return area


def areas_in_order():
    """The areas as the person reads them: their account first, the audit trail last."""
    return sorted(AREAS.values(), key=lambda area: area.order)


def export_person(user, now):
    """Everything every area holds about `user`, as one JSON-ready dict."""
    return {
        "exported_at": _json_value(now),
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        # False for accounts made before consent was recorded: nobody asked them, and it says so.
        "registration_consent_recorded": any(c.purpose == ConsentPurpose.RULES for c in consents(user)),
        "areas": {
            area.name: {
                "title": str(area.title),
                "note": str(area.note),
                "rows": [{key: _json_value(row[key]) for key in area.fields} for row in area.export(user)],
            }
            for area in areas_in_order()
        },
    }


def _json_value(value):
    return value.isoformat() + "Z" if isinstance(value, datetime) else value


def pseudonym(user_id):
    """How a deleted account is named where a trace must stay: the same for each of its entries,
    and without the secret key nobody can tell whose it was."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"user:{user_id}".encode(), hashlib.sha256)
    return "Pengguna terhapus #" + digest.hexdigest()[:6]


def unlink(erasure, *columns):
    """Take the person out of rows that stay (the record is a community's or a partnership's):
    each of these nullable user-id columns that names them becomes NULL."""
    for column in columns:
        db.session.execute(sa.update(column.table).where(column == erasure.user_id).values({column.name: None}))


class AccountKept(Exception):
    """The account cannot be deleted yet; `reasons` are (message, link) pairs saying what to do first."""

    def __init__(self, reasons):
        super().__init__("; ".join(str(message) for message, _link in reasons))
        self.reasons = reasons


def reasons_to_keep(user):
    """What must happen before `user` can be deleted, as (message, link) pairs; none: it can go."""
    return [reason for area in areas_in_order() for reason in area.refuse(user)]


def erase_person(user):
    """Delete `user` and every row about them; traces that must stay keep a pseudonym.

    Raises AccountKept when an area says something must happen first (a last coordinator
    hands over). The caller commits.
    """
    reasons = reasons_to_keep(user)
    if reasons:
        raise AccountKept(reasons)
    erasure = Erasure(user.id, user.name, user.email, pseudonym(user.id))
    for area in AREAS.values():
        area.erase(erasure)
    # A bulk delete: the areas already removed the rows the ORM would otherwise try to cascade to.
    db.session.execute(sa.delete(User).where(User.id == user.id))
    return erasure


def apply_retention(now):
    """Delete what every area keeps only for a while and is past its time, as of `now`; commit.
    Returns {area name: rows deleted}."""
    counts = {area.name: area.purge(now) for area in areas_in_order() if area.purge}
    db.session.commit()
    return counts


@periodic_job(crontab(minute="0", hour="19"))  # daily at 19:00 UTC, 02:00 in Jakarta: a quiet hour
def enforce_retention():
    """The daily job that keeps the retention schedule of the privacy notice."""
    counts = apply_retention(utcnow())
    current_app.logger.info("Retention: %s", ", ".join(f"{name} {n}" for name, n in counts.items()))


def _consent_rows(user):
    return [
        {"purpose": str(c.purpose_label), "given": c.given, "notice_version": c.notice_version, "at": c.created_at}
        for c in consents(user)
    ]


def _erase_consents(erasure):
    db.session.execute(sa.delete(Consent).where(Consent.user_id == erasure.user_id))


register(PersonalData(
    name="consents",
    title=_l("Persetujuan"),
    fields={"purpose": _l("Untuk"), "given": _l("Setuju"), "notice_version": _l("Versi pemberitahuan"),
            "at": _l("Waktu")},
    tables=("consent",),
    export=_consent_rows,
    erase=_erase_consents,
    note=_l("Akun yang dibuat sebelum Jejaring mencatat persetujuan tidak punya catatan persetujuan pendaftaran."),
    order=90,
))
