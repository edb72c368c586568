"""What moderation keeps about a person, for Data saya: the reports they filed, what they
answered to a decision, and the cases about their own account."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.moderation.models import CaseEvent, ModerationCase, Report
from webapp.privacy import PersonalData, register, unlink

ACCOUNT = "akun"


def _records(user):
    rows = [{"what": "report", "rule": str(report.rule), "text": report.reason, "at": report.created_at}
            for report in db.session.scalars(sa.select(Report).where(Report.reporter_id == user.id).order_by(Report.id))]
    rows += [{"what": str(event.decision), "rule": "", "text": event.message, "at": event.created_at}
             for event in db.session.scalars(sa.select(CaseEvent).where(CaseEvent.author_id == user.id)
                                             .order_by(CaseEvent.id))]
    about = sa.select(ModerationCase.id).where(ModerationCase.item_kind == ACCOUNT, ModerationCase.item_id == user.id)
    rows += [{"what": f"decision about your account: {event.decision}", "rule": "", "text": event.message,
              "at": event.created_at}
             for event in db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id.in_(about))
                                             .order_by(CaseEvent.id))]
    return rows


def _erase(erasure):
    """Cases about the account go with it (their item_id has no key, and ids may be reused);
    reports and answers on other items stay for the moderators, without the person's name."""
    db.session.execute(sa.delete(ModerationCase).where(
        ModerationCase.item_kind == ACCOUNT, ModerationCase.item_id == erasure.user_id))
    for report in db.session.scalars(sa.select(Report).where(Report.reporter_id == erasure.user_id)):
        report.reason = erasure.scrub(report.reason)
    for event in db.session.scalars(sa.select(CaseEvent).where(CaseEvent.author_id == erasure.user_id)):
        event.message = erasure.scrub(event.message)
    unlink(erasure, Report.reporter_id, CaseEvent.author_id)


register(PersonalData(
    name="moderation",
    title=_l("Laporan dan moderasi"),
    fields={"what": _l("Apa"), "rule": _l("Aturan"), "text": _l("Isi"), "at": _l("Waktu")},
    tables=("report", "case_event"),
    export=_records,
    erase=_erase,
    note=_l("Laporan yang Anda kirim tetap ada untuk moderator tanpa nama Anda setelah akun Anda dihapus."),
    order=80,
))
