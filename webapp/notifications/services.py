"""Telling people: the inbox, e-mail when the person wants it, and the daily look for stale programs.

`notify` is the one way to tell someone something. It stores the inbox entry in the session,
and queues the e-mail only once the caller's commit has saved it, so nobody is mailed about
something that was rolled back.
"""

import sqlalchemy as sa
from flask import current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.jobs import crontab, periodic_job
from webapp.mail import send_mail
from webapp.models import STALE_AFTER, Community, ConsentPurpose, Program, ProgramStatus, utcnow
from webapp.notifications.kinds import KINDS
from webapp.notifications.models import Notification, NotificationPreference, StaleProgramNotice
from webapp.privacy import consent_given, record_consent

PAGE_SIZE = 20
# Far past any real inbox; beyond it the database would overflow on the OFFSET.
LAST_PAGE = 100_000
_MAIL_AFTER_COMMIT = "notification_mail"


def notify(user, kind, /, *, link, **params):
    """Tell `user` that `kind` happened (a key of KINDS): an inbox entry linking to `link` (a path
    on this site), and an e-mail if the person wants e-mail for this kind.

    `params` are the kind's text parameters (KINDS[kind].params), stored as strings: names and
    titles as they are now. Needs a request context (for the e-mail's absolute links); the
    caller commits.
    """
    spec = KINDS[kind]
    missing = set(spec.params) - params.keys()
    if missing:
        raise TypeError(f"notify({kind!r}) needs {', '.join(sorted(missing))}")
    if not link.startswith("/") or link.startswith(("//", "/\\")):
        raise ValueError(f"a notification links to a path on this site, not {link!r}")
    params = {name: str(params[name]) for name in spec.params}
    notification = Notification(user_id=user.id, kind=kind, params=params, link=link)
    db.session.add(notification)
    if not spec.mailed_by_caller and wants_email(user, kind):
        db.session.info.setdefault(_MAIL_AFTER_COMMIT, []).append(_mail(user, spec, params, link))
    return notification


def notify_coordinators(community, kind, /, *, link, **params):
    """`notify` every coordinator of `community`."""
    for coordinator in community.coordinators:
        notify(coordinator, kind, link=link, **params)


def _mail(user, spec, params, link):
    base = request.host_url.rstrip("/")
    values = {**params, "link": base + link}
    body = str(spec.body) % values if spec.body else str(spec.sentence) % values + "\n\n" + _(
        "Buka di Jejaring:\n%(link)s", link=values["link"]
    )
    footer = _(
        "Anda menerima e-mail ini dari Jejaring. Pilih pemberitahuan mana yang dikirim lewat e-mail:\n%(link)s",
        link=base + url_for("notifications.preferences"),
    )
    return user.email, str(spec.subject) % params, body + "\n\n-- \n" + footer


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _send_mail_after_commit(session):
    for to, subject, body in session.info.pop(_MAIL_AFTER_COMMIT, []):
        send_mail(to, subject, body)


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _forget_mail_after_rollback(session):
    session.info.pop(_MAIL_AFTER_COMMIT, None)


def sentence(notification):
    """The notification's line in the reader's language."""
    return str(KINDS[notification.kind].sentence) % notification.params


def wants_email(user, kind):
    choice = db.session.get(NotificationPreference, (user.id, kind))
    return KINDS[kind].email_by_default if choice is None else choice.email


def email_choices(user):
    """The kinds the person may choose e-mail for, each with their current choice."""
    return {kind: wants_email(user, kind) for kind, spec in KINDS.items() if not spec.mailed_by_caller}


def choose_email(user, wanted):
    """Save the person's choice: e-mail for the kinds in `wanted`, none for the other choosable ones.

    A choice is also an answer to the consent to e-mail (given while any kind is chosen): when
    it changes, the person's consents show when they agreed to e-mail and when they withdrew it.
    """
    if consent_given(user, ConsentPurpose.EMAIL_NOTIFICATIONS) != bool(wanted):
        record_consent(user, ConsentPurpose.EMAIL_NOTIFICATIONS, given=bool(wanted))
    for kind in email_choices(user):
        db.session.merge(NotificationPreference(user_id=user.id, kind=kind, email=kind in wanted))
    db.session.commit()


def unread_count(user):
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def inbox(user, page):
    """One page of the person's notifications, newest first."""
    query = (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(query, page=min(max(page, 1), LAST_PAGE), per_page=PAGE_SIZE, error_out=False)


def open_notification(user, notification_id):
    """Mark the person's own notification read and return it; None if it is not theirs or gone."""
    notification = db.session.scalar(
        sa.select(Notification).where(Notification.id == notification_id, Notification.user_id == user.id)
    )
    if notification is not None and notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_all_read(user):
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()


def notify_stale_programs(now=None):
    """Tell the coordinators of each program that has just gone stale, once; return how many.

    A program is told about once per confirmation: confirmed again and then forgotten again,
    it crosses the line anew. Needs a request context for the links (see the daily job).
    """
    now = now or utcnow()
    programs = db.session.scalars(
        sa.select(Program)
        .outerjoin(StaleProgramNotice, StaleProgramNotice.program_id == Program.id)
        .where(
            Program.status != ProgramStatus.FINISHED,
            Program.last_confirmed_at < now - STALE_AFTER,
            sa.or_(
                StaleProgramNotice.program_id.is_(None),
                StaleProgramNotice.confirmed_at != Program.last_confirmed_at,
            ),
        )
        .options(selectinload(Program.community).selectinload(Community.coordinatorships))
        .order_by(Program.id)
    ).all()
    for program in programs:
        community = program.community
        link = url_for("coordination.programs", slug=community.slug)
        notify_coordinators(community, "program_stale", link=link, program=program.title, community=community.name)
        db.session.merge(
            StaleProgramNotice(program_id=program.id, confirmed_at=program.last_confirmed_at, notified_at=now)
        )
    db.session.commit()
    return len(programs)


@periodic_job(crontab(minute="0", hour="1"))  # daily at 01:00 UTC, 08:00 in Jakarta
def look_for_stale_programs():
    """The daily job. No request is running, so the links in e-mails are built from PUBLIC_URL."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        count = notify_stale_programs()
    current_app.logger.info("Stale programs told to their coordinators: %s", count)
