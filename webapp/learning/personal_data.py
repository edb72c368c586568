"""What the learning area keeps about a person: the lessons they marked done, for Data saya."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import LessonCompletion
from webapp.privacy import PersonalData, register


def _progress(user):
    rows = db.session.scalars(
        sa.select(LessonCompletion).where(LessonCompletion.user_id == user.id).order_by(LessonCompletion.completed_at)
    )
    return [
        {"course": c.lesson.course.title, "lesson": c.lesson.title, "completed_at": c.completed_at,
         "received_at": c.received_at}
        for c in rows
    ]


def _erase(erasure):
    db.session.execute(sa.delete(LessonCompletion).where(LessonCompletion.user_id == erasure.user_id))


register(PersonalData(
    name="progress",
    title=_l("Kemajuan belajar"),
    fields={"course": _l("Kursus"), "lesson": _l("Pelajaran"), "completed_at": _l("Selesai"),
            "received_at": _l("Diterima server")},
    tables=("lesson_completion",),
    export=_progress,
    erase=_erase,
    note=_l("Bacaan yang Anda simpan untuk offline ada di ponsel Anda saja, tidak di server."),
    order=31,
))
