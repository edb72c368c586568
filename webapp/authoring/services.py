"""What the lesson editor does to the data: creating and saving courses and lessons without
overwriting someone else's edit. The views decide what the person sees.
"""

import re

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.learning.services import refresh_lesson_metrics
from webapp.markdown import image_shas
from webapp.models import AuditEvent, Certificate, Course, Image, Lesson, LessonCompletion, record_audit, utcnow
from webapp.text import fold, slugify
from webapp.versioning import Conflict, StaleEdit, claim_version

COURSE_FIELDS = ("title", "summary", "position", "published")
LESSON_FIELDS = ("title", "summary", "body", "position", "published")
# Slugs stay well inside the column (140) and short enough to read in an address bar.
SLUG_MAX = 120


class SlugTaken(Exception):
    """Someone created a course or lesson with the same slug between our check and our commit."""


def all_courses():
    """Every course, drafts included, in the order readers see the published ones."""
    return db.session.scalars(sa.select(Course).order_by(Course.position, Course.id)).all()


def lesson_counts():
    """{course id: (published lessons, draft lessons)} in one query."""
    rows = db.session.execute(
        sa.select(Lesson.course_id, Lesson.published, sa.func.count(Lesson.id)).group_by(
            Lesson.course_id, Lesson.published
        )
    )
    counts = {}
    for course_id, published, number in rows:
        done, draft = counts.get(course_id, (0, 0))
        counts[course_id] = (done + number, draft) if published else (done, draft + number)
    return counts


def slug_from(title, fallback):
    """The slug a title gives; `fallback` when it has no letter or digit a URL can carry."""
    if not re.search(r"[a-z0-9]", fold(title or "")):
        return fallback
    return slugify(title)[:SLUG_MAX].strip("-")


def next_position(positions):
    return max(positions, default=0) + 1


def form_values(item, names):
    """The saved fields as the form's names and values, with the version the form is based on."""
    return {**{name: getattr(item, name) for name in names}, "version": item.version}


def _apply(item, values, names):
    for name in names:
        value = values[name]
        if name == "position" and value is None:
            continue  # left empty: the item keeps its place
        setattr(item, name, value)
    item.updated_at = utcnow()


def _changed(before, item, names):
    return [name for name in names if before[name] != getattr(item, name)]


def _stale_edit(item, values, names):
    """What was saved since the form was loaded, for the fields where it differs from `values`."""
    db.session.rollback()
    differences = [
        (name, getattr(item, name))
        for name in names
        if values[name] is not None and getattr(item, name) != values[name]
    ]
    return StaleEdit(Conflict(item.updated_by, item.updated_at, differences))


def _insert(item):
    """Write the new row now: a slug taken since the form's check fails here, not as a 500."""
    db.session.add(item)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise SlugTaken() from None


def create_course(values, editor):
    """A new course from the course form's values; at the end of the list unless placed."""
    course = Course(slug=slug_from(values["title"], "kursus"), updated_by=editor)
    if values["position"] is None:
        values = {**values, "position": next_position(db.session.scalars(sa.select(Course.position)))}
    _apply(course, values, COURSE_FIELDS)
    _insert(course)
    record_audit("course.saved", actor=editor, course_id=course.id, title=course.title, created=True)
    db.session.commit()
    return course


def save_course(course, values, editor):
    """Save the course form's values; StaleEdit when someone saved since `values["version"]`."""
    if not claim_version(course, values["version"]):
        raise _stale_edit(course, values, COURSE_FIELDS)
    before = form_values(course, COURSE_FIELDS)
    _apply(course, values, COURSE_FIELDS)
    course.updated_by = editor
    record_audit(
        "course.saved", actor=editor, course_id=course.id, title=course.title,
        fields=_changed(before, course, COURSE_FIELDS),
    )
    db.session.commit()


def create_lesson(course, values, editor):
    """A new lesson of `course` from the lesson form's values; last unless placed."""
    if values["position"] is None:
        values = {**values, "position": next_position(other.position for other in course.lessons)}
    lesson = Lesson(course=course, slug=slug_from(values["title"], "pelajaran"), updated_by=editor)
    _apply(lesson, values, LESSON_FIELDS)
    _insert(lesson)
    refresh_lesson_metrics(lesson)
    record_audit("lesson.saved", actor=editor, lesson_id=lesson.id, title=lesson.title, created=True)
    db.session.commit()
    return lesson


def save_lesson(lesson, values, editor):
    """Save the lesson form's values; StaleEdit when someone saved since `values["version"]`."""
    if not claim_version(lesson, values["version"]):
        raise _stale_edit(lesson, values, LESSON_FIELDS)
    before = form_values(lesson, LESSON_FIELDS)
    _apply(lesson, values, LESSON_FIELDS)
    lesson.updated_by = editor
    # Reading time and download size follow the text (and the pictures it shows).
    refresh_lesson_metrics(lesson)
    record_audit(
        "lesson.saved", actor=editor, lesson_id=lesson.id, title=lesson.title,
        fields=_changed(before, lesson, LESSON_FIELDS),
    )
    db.session.commit()


# ---- A lesson's pictures ---------------------------------------------------------------------

PICTURE_ADDED = "lesson.picture_added"


def add_lesson_picture(lesson, image, editor):
    """Note that `image` was uploaded for `lesson`: the audit log says who added which picture
    to which lesson, and the editor lists the lesson's pictures from it."""
    record_audit(PICTURE_ADDED, actor=editor, lesson_id=lesson.id, title=lesson.title, sha256=image.sha256)
    db.session.commit()


def lesson_pictures(lesson):
    """The pictures uploaded for `lesson`, oldest first, then any other its text shows."""
    uploaded = db.session.scalars(
        sa.select(AuditEvent.details)
        .where(AuditEvent.action == PICTURE_ADDED, AuditEvent.details["lesson_id"].as_integer() == lesson.id)
        .order_by(AuditEvent.id)
    )
    order = list(dict.fromkeys([details["sha256"] for details in uploaded] + sorted(image_shas(lesson.body))))
    if not order:
        return []
    images = db.session.scalars(
        sa.select(Image).where(Image.sha256.in_(order)).options(selectinload(Image.variants))
    )
    found = {image.sha256: image for image in images if image.variants}
    return [found[sha] for sha in order if sha in found]


def markdown_line(image):
    """The line that shows `image` in a lesson, its largest size in the address (the renderer
    sends every size in a srcset)."""
    return f"![{_('keterangan gambar')}](/media/{image.sha256}-{image.variants[-1].width}.webp)"


# ---- How a course is going (aggregates for facilitators) --------------------------------------------


def course_completion(course):
    """People who started the course (finished a lesson), finished every published lesson, and
    hold its certificate: counts, never names."""
    published = [lesson.id for lesson in course.published_lessons]
    per_person = db.session.execute(
        sa.select(LessonCompletion.user_id, sa.func.count(LessonCompletion.id))
        .where(LessonCompletion.lesson_id.in_(published))
        .group_by(LessonCompletion.user_id)
    ).all()
    certified = db.session.scalar(sa.select(sa.func.count(Certificate.id)).where(Certificate.course_id == course.id))
    return {
        "started": len(per_person),
        "finished": sum(1 for _, done in per_person if done == len(published)),
        "certified": certified,
    }
