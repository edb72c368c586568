"""Reports: filing one, and the open ones waiting for a moderator."""

import sqlalchemy as sa

from webapp.extensions import db
from webapp.moderation.models import ModerationCase, Report


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
    report = Report(case=case_for(kind, item_id), reporter_id=reporter.id, rule=rule, reason=reason)
    db.session.add(report)
    db.session.commit()
    return report
