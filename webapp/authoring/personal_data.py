"""What the authoring area keeps about a person: the courses and lessons they wrote or last
saved, for Data saya."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import AuditEvent, Course, Lesson
from webapp.privacy import PersonalData, register


def _lessons(user):
    """Lessons the person created (the audit trail says who) or saved last."""
    created = sa.select(AuditEvent.details["lesson_id"].as_integer()).where(
        AuditEvent.actor_id == user.id, AuditEvent.action == "lesson.saved"
    )
    rows = db.session.scalars(
        sa.select(Lesson).where(sa.or_(Lesson.updated_by_id == user.id, Lesson.id.in_(created))).order_by(Lesson.id)
    )
    return [
        {"course": lesson.course.title, "lesson": lesson.title, "published": lesson.published,
         "last_saved_by_you": lesson.updated_by_id == user.id, "updated_at": lesson.updated_at}
        for lesson in rows
    ]


def _erase(erasure):
    """Courses and lessons are the network's library and stay; who saved them last is forgotten."""
    for model in (Course, Lesson):
        db.session.execute(sa.update(model).where(model.updated_by_id == erasure.user_id).values(updated_by_id=None))


register(PersonalData(
    name="lessons",
    title=_l("Pelajaran yang Anda tulis"),
    fields={"course": _l("Kursus"), "lesson": _l("Pelajaran"), "published": _l("Terbit"),
            "last_saved_by_you": _l("Terakhir disimpan oleh Anda"), "updated_at": _l("Diubah")},
    tables=("course", "lesson"),
    export=_lessons,
    erase=_erase,
    note=_l("Kursus dan pelajaran menjadi bagian perpustakaan jejaring dan tetap ada setelah akun Anda dihapus."),
    order=30,
))
