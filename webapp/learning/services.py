"""Courses and lessons: finding them, rendering them, and recording who finished what."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, selectinload

from webapp import markdown
from webapp.assets import shell_bytes
from webapp.extensions import db
from webapp.models import Course, Image, Lesson, LessonCompletion, utcnow
from webapp.models.learning import html_key
from webapp.offline import scoped_key

# What "save for offline" stores on the phone (savePages in static/js/app.js keeps each page,
# the stylesheet and script it loads, and its pictures, uncompressed as a cache holds them),
# so the "± 25 KB" promised before saving is what the library at /tersimpan then lists.
# A lesson page around its text (header, navigation, footer, progress box, save button):
LESSON_FRAME_BYTES = 4600
# A course page around its list of lessons, and each lesson's entry in that list:
COURSE_FRAME_BYTES = 3000
COURSE_ENTRY_BYTES = 330
# tests/test_learning.py checks these figures against the real pages of the demo lessons.
# The picture a phone fetches: the 720 px variant on a 360 px screen at 2x.
SAVED_IMAGE_WIDTH = 720
# A mark made offline says when it was made; we believe it within this window.
OFFLINE_WINDOW = timedelta(days=30)


# A course's list of lessons as its pages show it (titles, sizes, order), without each lesson's
# Markdown and its stored HTML in every language: those are most of a lesson row, and a lesson
# page would otherwise read them for every lesson of its course.
LESSON_OUTLINE = selectinload(Course.lessons).options(defer(Lesson.body), defer(Lesson.body_html))


def published_courses():
    """Published courses with their published lessons (outlines), in the order facilitators set."""
    return db.session.scalars(
        sa.select(Course)
        .where(Course.published.is_(True), Course.hidden_at.is_(None))
        .options(LESSON_OUTLINE)
        .order_by(Course.position, Course.id)
    ).all()


def find_course(slug, outline=False):
    """The published course with this slug, or None (also when a moderator hid it).
    With `outline`, its lessons come loaded without their text (LESSON_OUTLINE)."""
    return db.session.scalar(
        sa.select(Course)
        .where(Course.slug == slug, Course.published.is_(True), Course.hidden_at.is_(None))
        .options(*([LESSON_OUTLINE] if outline else []))
    )


def find_lesson(course, slug):
    """The published lesson of `course` with this slug, or None (also when a moderator hid it)."""
    return db.session.scalar(
        sa.select(Lesson).where(
            Lesson.course_id == course.id, Lesson.slug == slug, Lesson.published.is_(True), Lesson.hidden_at.is_(None)
        )
    )


def lesson_images(text):
    """The stored pictures a lesson's Markdown refers to, by sha256, variants loaded."""
    shas = markdown.image_shas(text)
    if not shas:
        return {}
    images = db.session.scalars(
        sa.select(Image).where(Image.sha256.in_(shas)).options(selectinload(Image.variants))
    )
    return {image.sha256: image for image in images}


def render_body(text, data_saver=False):
    """A lesson body as safe HTML, its pictures sent the way every picture of the app is."""
    return markdown.render(text, lesson_images(text), data_saver)


def render_stored_html(lesson):
    """The HTML readers get, in every language and both picture modes, stored on the lesson."""
    images = lesson_images(lesson.body)
    rendered = {}
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            for data_saver in (False, True):
                rendered[html_key(locale, data_saver)] = markdown.render(lesson.body, images, data_saver)
    lesson.body_html = rendered


def refresh_lesson_metrics(lesson):
    """Render the body into stored HTML, and recompute reading time and download size; call
    whenever the body changes."""
    lesson.reading_minutes = markdown.reading_minutes(lesson.body)
    if has_request_context():
        render_stored_html(lesson)
    else:  # the demo loader, from the command line: picture URLs need a request to build
        with current_app.test_request_context():
            render_stored_html(lesson)
    html = lesson.stored_html(current_app.config["LANGUAGES"][0], False)
    pictures = 0
    for image in lesson_images(lesson.body).values():
        fitting = [v for v in image.variants if v.width >= SAVED_IMAGE_WIDTH] or image.variants
        pictures += fitting[0].size
    # The title shows three times (title, heading, save button), the summary once.
    text = 3 * len(lesson.title.encode()) + len(lesson.summary.encode())
    lesson.download_size = len(html.encode()) + text + pictures + LESSON_FRAME_BYTES


@sa.event.listens_for(db.session, "before_flush")
def _render_changed_lessons(session, flush_context, instances):
    """A lesson whose text changed without refresh_lesson_metrics (a script, a data fix, another
    area's code) is rendered before it is written: readers never get HTML older than the text."""
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Lesson):
            attributes = sa.inspect(obj).attrs
            if attributes.body.history.has_changes() and not attributes.body_html.history.has_changes():
                with session.no_autoflush:
                    refresh_lesson_metrics(obj)


def offline_size(lessons, course=None):
    """Bytes that saving these lessons (and the page of `course`, when given) takes on the
    phone: each lesson's own page and pictures (`download_size`), the course page, and the
    stylesheet and script once."""
    size = sum(lesson.download_size for lesson in lessons) + shell_bytes()
    if course is not None:
        entries = sum(len(f"{l.title}{l.summary}".encode()) + COURSE_ENTRY_BYTES for l in lessons)
        size += COURSE_FRAME_BYTES + 2 * len(f"{course.title}{course.summary}".encode()) + entries
    return size


def neighbours(lesson):
    """The published lessons before and after `lesson` in its course (either may be None)."""
    lessons = lesson.course.published_lessons
    index = lessons.index(lesson)
    before = lessons[index - 1] if index > 0 else None
    after = lessons[index + 1] if index + 1 < len(lessons) else None
    return before, after, index + 1, len(lessons)


def completion_of(user, lesson):
    return db.session.scalar(
        sa.select(LessonCompletion).where(
            LessonCompletion.user_id == user.id, LessonCompletion.lesson_id == lesson.id
        )
    )


def completed_lesson_ids(user, course):
    """The ids of the course's published lessons `user` has finished."""
    return set(
        db.session.scalars(
            sa.select(LessonCompletion.lesson_id)
            .join(Lesson)
            .where(
                LessonCompletion.user_id == user.id,
                Lesson.course_id == course.id,
                Lesson.published.is_(True),
                Lesson.hidden_at.is_(None),
            )
        )
    )


def when_marked(claimed):
    """When the person tapped "done", as their phone says (offline marks arrive late);
    anything in the future or older than the offline window is taken as now."""
    now = utcnow()
    if claimed is None or claimed > now or claimed < now - OFFLINE_WINDOW:
        return now
    return claimed


def record_completion(user, lesson, key, marked_at=None):
    """Mark `lesson` done for `user`, once. Returns (completion, created).

    The same action delivered again (same idempotency key from the same account), or a second mark of a lesson
    already done, changes nothing and returns the first completion. Two deliveries racing
    each other end the same way: the unique constraints stop the second insert.
    """
    key = scoped_key(user.id, key)
    for attempt in range(2):
        existing = db.session.scalar(
            sa.select(LessonCompletion).where(
                sa.or_(
                    LessonCompletion.idempotency_key == key,
                    sa.and_(
                        LessonCompletion.user_id == user.id,
                        LessonCompletion.lesson_id == lesson.id,
                    ),
                )
            )
        )
        if existing is not None:
            return existing, False
        completion = LessonCompletion(
            user_id=user.id, lesson_id=lesson.id, idempotency_key=key,
            completed_at=when_marked(marked_at),
        )
        db.session.add(completion)
        try:
            db.session.commit()
            return completion, True
        except IntegrityError:
            db.session.rollback()
    raise RuntimeError("completion neither found nor stored")  # pragma: no cover
