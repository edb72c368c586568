"""What quizzes and certificates keep about a person, for Data saya: their attempts with each
first answer, and their certificates."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.models import Certificate, Course
from webapp.models.quizzes import Attempt
from webapp.privacy import PersonalData, register, unlink


def _attempts(user):
    rows = []
    for attempt in db.session.scalars(sa.select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.id)):
        rows.append({"quiz": attempt.version.quiz.title, "version": attempt.version.number,
                     "answers": len(attempt.answers), "correct": sum(1 for a in attempt.answers if a.correct),
                     "started_at": attempt.started_at, "finished_at": attempt.finished_at})
    return rows


def _erase_attempts(erasure):
    """Attempts (and their answers) are the person's alone; the most-missed questions a
    facilitator sees are counted from the answers that remain."""
    db.session.execute(sa.delete(Attempt).where(Attempt.user_id == erasure.user_id))


def _certificates(user):
    rows = db.session.execute(
        sa.select(Certificate, Course.title).join(Course, Course.id == Certificate.course_id)
        .where(Certificate.user_id == user.id).order_by(Certificate.id)
    )
    return [{"course": title, "code": certificate.code, "printed_name": certificate.printed_name,
             "issued_at": certificate.issued_at, "revoked_at": certificate.revoked_at}
            for certificate, title in rows]


def _erase_certificates(erasure):
    """An issued certificate stays verifiable by its code, with the name printed on it, unless
    it was revoked; it no longer points at the deleted account."""
    unlink(erasure, Certificate.user_id, Certificate.revoked_by_id)


register(PersonalData(
    name="quiz_attempts",
    title=_l("Kuis"),
    fields={"quiz": _l("Kuis"), "version": _l("Versi"), "answers": _l("Dijawab"), "correct": _l("Benar"),
            "started_at": _l("Mulai"), "finished_at": _l("Selesai")},
    tables=("attempt",),
    export=_attempts,
    erase=_erase_attempts,
    order=55,
))

register(PersonalData(
    name="certificates",
    title=_l("Sertifikat"),
    fields={"course": _l("Kursus"), "code": _l("Kode"), "printed_name": _l("Nama tercetak"),
            "issued_at": _l("Terbit"), "revoked_at": _l("Dicabut")},
    tables=("certificate",),
    export=_certificates,
    erase=_erase_certificates,
    note=_l("Sertifikat yang sudah terbit tetap bisa diperiksa dengan kodenya, dengan nama yang tercetak, "
            "setelah akun Anda dihapus, kecuali dicabut."),
    order=56,
))
