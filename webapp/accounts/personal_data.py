"""What the accounts area keeps about a person (the account, its sign-ins), for Data saya."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from webapp.accounts.services import device_label
from webapp.extensions import db
from webapp.models import MailedLink, User, UserSession
from webapp.privacy import AccountKept, PersonalData, erase_person, register


def _account(user):
    return [{"name": user.name, "email": user.email, "role": str(user.role_label), "created_at": user.created_at}]


def _keep_account_row(erasure):
    """The account row itself is deleted last, by erase_person, once every area let go of it."""


def _sessions(user):
    rows = db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.created_at)
    )
    return [
        {"device": device_label(s.user_agent), "user_agent": s.user_agent, "signed_in_at": s.created_at,
         "last_seen_at": s.last_seen_at, "ended_at": s.ended_at}
        for s in rows
    ]


# Sessions that ended (signed out, idle, too old) are kept this long, so a person who reports a
# strange sign-in can still be shown it; then they go.
ENDED_SESSIONS_KEPT = timedelta(days=30)


def _purge_sessions(now):
    config = current_app.config
    cutoff = now - ENDED_SESSIONS_KEPT
    return db.session.execute(
        sa.delete(UserSession).where(
            sa.or_(
                UserSession.ended_at < cutoff,
                UserSession.last_seen_at < cutoff - config["SESSION_IDLE_TIMEOUT"],
                UserSession.created_at < cutoff - config["SESSION_MAX_AGE"],
            )
        )
    ).rowcount


def _erase_sessions(erasure):
    db.session.execute(sa.delete(UserSession).where(UserSession.user_id == erasure.user_id))


# An account whose address was never confirmed is someone who never got in, or an address
# typed by someone else: after 30 days it goes, with everything it holds.
UNVERIFIED_ACCOUNTS_KEPT = timedelta(days=30)


def _purge_unverified_accounts(now):
    stale = db.session.scalars(
        sa.select(User).where(User.email_verified_at.is_(None), User.created_at < now - UNVERIFIED_ACCOUNTS_KEPT)
    ).all()
    erased = 0
    # The daily job runs outside any request; the reasons to keep an account carry links.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        for user in stale:
            try:
                erase_person(user)
                erased += 1
            except AccountKept:
                pass  # e.g. made coordinator before confirming: kept until they hand over
    return erased


register(PersonalData(
    name="account",
    title=_l("Akun"),
    fields={"name": _l("Nama"), "email": _l("Email"), "role": _l("Peran"), "created_at": _l("Dibuat")},
    tables=("user",),
    export=_account,
    erase=_keep_account_row,
    purge=_purge_unverified_accounts,
    note=_l("Kata sandi disimpan hanya sebagai hash, dan tidak ikut disalin."),
    order=0,
))

register(PersonalData(
    name="sessions",
    title=_l("Perangkat dan sesi"),
    fields={"device": _l("Perangkat"), "user_agent": _l("Peramban"), "signed_in_at": _l("Masuk"),
            "last_seen_at": _l("Terakhir aktif"), "ended_at": _l("Berakhir")},
    tables=("user_session",),
    export=_sessions,
    erase=_erase_sessions,
    purge=_purge_sessions,
    order=1,
))


def _links(user):
    rows = db.session.scalars(sa.select(MailedLink).where(MailedLink.user_id == user.id).order_by(MailedLink.id))
    return [{"purpose": link.purpose, "email": link.email, "sent_at": link.created_at,
             "expires_at": link.expires_at, "used_at": link.used_at} for link in rows]


def _erase_links(erasure):
    db.session.execute(sa.delete(MailedLink).where(MailedLink.user_id == erasure.user_id))


# Links are single-use and short-lived; a spent or expired one is kept a week (to explain a
# "link no longer valid" to its owner), then it goes.
SPENT_LINKS_KEPT = timedelta(days=7)


def _purge_links(now):
    return db.session.execute(
        sa.delete(MailedLink).where(sa.or_(MailedLink.expires_at < now - SPENT_LINKS_KEPT,
                                           MailedLink.used_at < now - SPENT_LINKS_KEPT))
    ).rowcount


register(PersonalData(
    name="mailed_links",
    title=_l("Tautan yang dikirim lewat e-mail"),
    fields={"purpose": _l("Untuk"), "email": _l("Dikirim ke"), "sent_at": _l("Dikirim"),
            "expires_at": _l("Berlaku sampai"), "used_at": _l("Dipakai")},
    tables=("mailed_link",),
    export=_links,
    erase=_erase_links,
    purge=_purge_links,
    note=_l("Tautannya sendiri tidak disimpan, hanya sidik acaknya."),
    order=2,
))
