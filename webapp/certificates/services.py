"""Certificates: who may have one, issuing it exactly once, tokens, verification, revocation."""

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from webapp import signing
from webapp.certificates import codes
from webapp.extensions import db
from webapp.learning.services import completed_lesson_ids
from webapp.meetings.services import attendance_required, attended
from webapp.models import Certificate, record_audit, utcnow
from webapp.notifications import notify
from webapp.quizzes.services import course_quizzes, mastery

# The network that issues every certificate, as printed on it.
ISSUER = "Jejaring"


class CannotRevoke(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def unmet_requirements(user, course):
    """What `user` still has to do to earn the course's certificate; empty when earned.

    The one place that decides eligibility: every published lesson done and the course's final
    quiz mastered; and, when one of the course's meetings counts toward it, having attended one.
    A course without an open final quiz gives no certificate.
    """
    missing = []
    lessons = {lesson.id for lesson in course.published_lessons}
    if not lessons <= completed_lesson_ids(user, course):
        missing.append(_("Selesaikan semua pelajaran."))
    quiz = course_quizzes(course)[0]
    if quiz is None:
        missing.append(_("Kursus ini belum punya kuis akhir."))
    elif not mastery(user, quiz).mastered:
        missing.append(_("Kuasai kuis akhir."))
    if attendance_required(course) and not attended(user, course):
        missing.append(_("Hadiri salah satu pertemuan kursus ini."))
    return missing


def certificate_of(user, course):
    return db.session.scalar(
        sa.select(Certificate).where(Certificate.user_id == user.id, Certificate.course_id == course.id)
    )


def issue_if_earned(user, course):
    """The person's certificate for the course, issued now if just earned (and the holder told),
    or None while something is missing. Never a second one: a person holds one per course."""
    existing = certificate_of(user, course)
    if existing is not None or unmet_requirements(user, course):
        return existing
    certificate = Certificate(code=codes.new_code(), user_id=user.id, course_id=course.id, printed_name=user.name)
    db.session.add(certificate)
    notify(user, "certificate_issued", link=url_for("certificates.mine", code=certificate.code), course=course.title)
    try:
        db.session.commit()
    except IntegrityError:  # earned twice at once (two deliveries racing): the first one stands
        db.session.rollback()
        return certificate_of(user, course)
    return certificate


def find(text):
    """The certificate a typed code names, or None; raises codes.CodeMistyped for a typo."""
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == codes.parse(text)))


def own_certificates(user):
    return db.session.scalars(
        sa.select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.issued_at.desc())
    ).all()


def token(certificate):
    """The signed token printed on the certificate: what an offline checker verifies."""
    return signing.sign({
        "jenis": "sertifikat",
        "kode": certificate.code,
        "nama": certificate.printed_name,
        "kursus": certificate.course.title,
        "terbit": certificate.issued_at.date().isoformat(),
        "penerbit": ISSUER,
    })


def revoke(certificate, reason, admin):
    """Revoke with a reason the holder is told; a certificate is revoked once."""
    if certificate.revoked_at is not None:
        raise CannotRevoke(_("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason
    certificate.revoked_by_id = admin.id
    record_audit("certificate.revoked", actor=admin, subject_user=certificate.user,
                 certificate_id=certificate.id, reason=reason)
    if certificate.user is not None:  # a holder who deleted their account is not told
        notify(certificate.user, "certificate_revoked", link=url_for("certificates.mine", code=certificate.code),
               course=certificate.course.title, reason=reason)
    db.session.commit()


def revocations():
    """Every revoked code with the day it was revoked: what offline checkers download."""
    rows = db.session.execute(
        sa.select(Certificate.code, Certificate.revoked_at).where(Certificate.revoked_at.is_not(None))
    )
    return {code: revoked_at.date().isoformat() for code, revoked_at in rows}
