"""Reports: filing one, and the open ones waiting for a moderator."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp.accounts.services import end_sessions
from webapp.extensions import db
from webapp.models import record_audit, utcnow
from webapp.moderation.items import ITEM_KINDS, find_item
from webapp.moderation.models import CaseEvent, Decision, ModerationCase, Report
from webapp.notifications import notify


class ReportRefused(Exception):
    """The report cannot be filed: `reason` is "open" (this person's earlier report on the item
    still waits for a moderator) or "self" (an account reporting itself)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def case_for(kind, item_id):
    """The item's case, made when it is first reported."""
    case = db.session.scalar(
        sa.select(ModerationCase).where(ModerationCase.item_kind == kind, ModerationCase.item_id == item_id)
    )
    if case is None:
        case = ModerationCase(item_kind=kind, item_id=item_id)
        db.session.add(case)
    return case


def open_report_by(reporter, kind, item_id):
    """The person's report on this item that still waits for a moderator, or None."""
    return db.session.scalar(
        sa.select(Report)
        .join(ModerationCase)
        .where(
            ModerationCase.item_kind == kind,
            ModerationCase.item_id == item_id,
            Report.reporter_id == reporter.id,
            Report.closed_at.is_(None),
        )
    )


def file_report(reporter, kind, item_id, rule, reason):
    """Report an item (`kind` a key of ITEM_KINDS) for breaking `rule`. Raises ReportRefused."""
    if kind == "akun" and item_id == reporter.id:
        raise ReportRefused("self")
    if open_report_by(reporter, kind, item_id) is not None:
        raise ReportRefused("open")
    try:
        return _add_report(kind, item_id, reporter, rule, reason)
    except IntegrityError:
        # Someone else's first report on the item opened its case a moment ago: join that case.
        db.session.rollback()
        return _add_report(kind, item_id, reporter, rule, reason)


def _add_report(kind, item_id, reporter, rule, reason):
    report = Report(case=case_for(kind, item_id), reporter_id=reporter.id, rule=rule, reason=reason)
    db.session.add(report)
    db.session.commit()
    return report


# --- Deciding ---------------------------------------------------------------------------------

# What a moderator may decide, per kind of item: content is hidden, an account suspended.
CONTENT_DECISIONS = (Decision.HIDE, Decision.ASK_CHANGES, Decision.WARN, Decision.DISMISS)
ACCOUNT_DECISIONS = (Decision.WARN, Decision.SUSPEND, Decision.DISMISS)
# The audit log's action for each decision; an account's restore is its own sentence.
AUDIT_ACTIONS = {
    Decision.HIDE: "moderation.hidden",
    Decision.ASK_CHANGES: "moderation.changes_requested",
    Decision.WARN: "moderation.warned",
    Decision.SUSPEND: "moderation.suspended",
    Decision.DISMISS: "moderation.dismissed",
    Decision.RESTORE: "moderation.restored",
    Decision.REPLY: "moderation.answered",
}
# What those affected are told, by notification kind (webapp/notifications/kinds.py).
NOTICES = {
    Decision.HIDE: "moderation_hidden",
    Decision.ASK_CHANGES: "moderation_changes_requested",
    Decision.WARN: "moderation_warned",
    Decision.SUSPEND: "moderation_suspended",
    Decision.RESTORE: "moderation_restored",
}


class DecisionRefused(Exception):
    """The decision does not fit the case now: `reason` is "gone" (the item was deleted),
    "not_allowed" (not a decision for this kind of item, or not this moderator's), or
    "nothing_to_restore" (the item is shown, the account active)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def may_moderate(user, kind):
    """Admins moderate everything; facilitators too the lessons and courses they write."""
    return user.is_admin or (ITEM_KINDS[kind].content and user.is_facilitator)


def case_item(case):
    """The reported item, or None once it was deleted."""
    return find_item(case.item_kind, case.item_id)


def is_restricted(case, item):
    """True while the item is hidden (or the account suspended)."""
    if case.item_kind == "akun":
        return not item.is_active
    return item.is_hidden


def decisions_for(case, item):
    """The decisions a moderator can take on this case now, in the order the buttons show."""
    if item is None:
        return (Decision.DISMISS,)
    choices = ACCOUNT_DECISIONS if case.item_kind == "akun" else CONTENT_DECISIONS
    if is_restricted(case, item):
        choices = tuple(d for d in choices if d not in (Decision.HIDE, Decision.SUSPEND)) + (Decision.RESTORE,)
    return choices


def is_affected(user, case, item):
    """True for the people who answer for the item: a community's coordinators, a lesson's
    author, the account itself."""
    return item is not None and user in ITEM_KINDS[case.item_kind].affected(item)


def decide(case, moderator, decision, message):
    """Take `decision` on the case, with `message` (the reason those affected are told).

    Hiding takes the item out of every public list and page; suspending ends the account's
    sessions. Open reports close with the decision (a restore leaves them), and each reporter
    hears whether it was upheld. Raises DecisionRefused.
    """
    spec = ITEM_KINDS[case.item_kind]
    item = case_item(case)
    if not may_moderate(moderator, case.item_kind) or decision not in decisions_for(case, item):
        raise DecisionRefused("gone" if item is None and decision is not Decision.DISMISS else "not_allowed")
    now = utcnow()
    if decision is Decision.HIDE:
        item.hidden_at = now
    elif decision is Decision.SUSPEND:
        item.suspended_at = now
        end_sessions(item)
    elif decision is Decision.RESTORE:
        if case.item_kind == "akun":
            item.suspended_at = None
        else:
            item.hidden_at = None
    title = spec.title(item) if item is not None else _("(sudah dihapus)")
    if decision is not Decision.RESTORE:
        upheld = decision is not Decision.DISMISS
        told = spec.reporter_title(item) if item is not None else title
        for report in case.open_reports:
            report.closed_at = now
            if report.reporter is not None:
                notify(report.reporter, "report_upheld" if upheld else "report_dismissed",
                       link=url_for("main.rules"), title=told)
    db.session.add(CaseEvent(case=case, author_id=moderator.id, decision=decision, message=message))
    if decision in NOTICES:
        for person in spec.affected(item):
            notify(person, NOTICES[decision], link=url_for("moderation.case", case_id=case.id),
                   title=title, reason=message or "-")
    action = "moderation.reinstated" if decision is Decision.RESTORE and case.item_kind == "akun" else AUDIT_ACTIONS[decision]
    record_audit(
        action, actor=moderator,
        community=spec.community(item) if item is not None else None,
        subject_user=item if case.item_kind == "akun" else None,
        title=title, case_id=case.id,
    )
    db.session.commit()


def answer(case, person, message):
    """A person affected answers the moderators; those who decided on the case are told."""
    item = case_item(case)
    if not is_affected(person, case, item) or not any(e.state is not Decision.REPLY for e in case.events):
        raise DecisionRefused("not_allowed")
    db.session.add(CaseEvent(case=case, author_id=person.id, decision=Decision.REPLY, message=message))
    moderators = {e.author for e in case.events if e.state is not Decision.REPLY and e.author is not None}
    title = ITEM_KINDS[case.item_kind].title(item)
    for moderator in moderators:
        notify(moderator, "moderation_answered", link=url_for("moderation.case", case_id=case.id),
               person=person.name, title=title)
    record_audit(
        AUDIT_ACTIONS[Decision.REPLY], actor=person, community=ITEM_KINDS[case.item_kind].community(item),
        title=title, case_id=case.id,
    )
    db.session.commit()


# --- The queue --------------------------------------------------------------------------------

def _kinds_for(moderator):
    return [kind for kind in ITEM_KINDS if may_moderate(moderator, kind)]


def open_cases(moderator):
    """Cases with reports waiting, the longest-waiting first, of the kinds `moderator` decides."""
    waiting_since = (
        sa.select(Report.case_id, sa.func.min(Report.created_at).label("since"))
        .where(Report.closed_at.is_(None))
        .group_by(Report.case_id)
        .subquery()
    )
    return db.session.scalars(
        sa.select(ModerationCase)
        .join(waiting_since, waiting_since.c.case_id == ModerationCase.id)
        .where(ModerationCase.item_kind.in_(_kinds_for(moderator)))
        .options(selectinload(ModerationCase.reports).selectinload(Report.reporter))
        .order_by(waiting_since.c.since, ModerationCase.id)
    ).all()


RECENT_LIMIT = 20


def recent_cases(moderator):
    """The cases most recently decided or answered, for a second look (and to restore)."""
    latest = (
        sa.select(CaseEvent.case_id, sa.func.max(CaseEvent.id).label("last"))
        .group_by(CaseEvent.case_id)
        .subquery()
    )
    return db.session.scalars(
        sa.select(ModerationCase)
        .join(latest, latest.c.case_id == ModerationCase.id)
        .where(ModerationCase.item_kind.in_(_kinds_for(moderator)))
        .options(selectinload(ModerationCase.events))
        .order_by(latest.c.last.desc())
        .limit(RECENT_LIMIT)
    ).all()
