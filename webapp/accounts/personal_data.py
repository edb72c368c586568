"""What the accounts area keeps about a person (the account, its sign-ins), for Data saya."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from webapp.accounts.services import device_label
from webapp.extensions import db
from webapp.models import UserSession
from webapp.privacy import PersonalData, register


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


register(PersonalData(
    name="account",
    title=_l("Akun"),
    fields={"name": _l("Nama"), "email": _l("Email"), "role": _l("Peran"), "created_at": _l("Dibuat")},
    tables=("user",),
    export=_account,
    erase=_keep_account_row,
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
