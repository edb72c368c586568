"""Courses and lessons for everyone, and each member's progress.

Course and lesson pages are the same for every reader (`shared_page`), so the service worker
may keep them for offline reading. What is personal, whether this reader finished the lesson
and the button to say so, is a small page of its own that the lesson page loads into itself.
"""

import uuid

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.certificates import services as certificates
from webapp.extensions import db
from webapp.http import render_page_or_fragment, shared_page
from webapp.learning import bp
from webapp.learning.forms import MarkDoneForm
from webapp.learning.pages import course_page, lesson_page
from webapp.learning.services import (
    completed_lesson_ids,
    completion_of,
    find_course,
    find_lesson,
    offline_size,
    published_courses,
    record_completion,
)
from webapp.models import Lesson
from webapp.offline import ActionRefused, is_id, offline_action
from webapp.quizzes.services import course_quizzes, mastery, progress_sentence
from webapp.templating import data_saver_on


def _course_and_lesson(course_slug, lesson_slug):
    course = find_course(course_slug, outline=True)
    lesson = find_lesson(course, lesson_slug) if course else None
    if lesson is None:
        abort(404)
    return course, lesson


@bp.get("/belajar")
def courses():
    """Every published course, with how long it takes and what saving it costs."""
    shared_page()
    courses = published_courses()
    sizes = {c.id: offline_size(c.published_lessons, c) for c in courses}
    return render_template("learning/courses.html", courses=courses, sizes=sizes)


@bp.get("/belajar/<slug:slug>")
def course(slug):
    course = find_course(slug, outline=True)
    if course is None or not course.published_lessons:
        abort(404)
    shared_page()
    return course_page(course)


@bp.get("/belajar/<slug:course_slug>/<slug:lesson_slug>")
def lesson(course_slug, lesson_slug):
    course, lesson = _course_and_lesson(course_slug, lesson_slug)
    shared_page()
    return lesson_page(course, lesson, data_saver_on())


def _progress_response(course, lesson, form=None, status=200):
    """This reader's progress on a lesson: a page, or the fragment the lesson page loads."""
    completion = done = None
    if current_user.is_authenticated:
        completion = completion_of(current_user, lesson)
        if completion is None and form is None:
            form = MarkDoneForm(key=str(uuid.uuid4()))
        done = len(completed_lesson_ids(current_user, course))
    response = render_page_or_fragment(
        "learning/progress.html",
        "learning/_progress.html",
        status=status,
        course=course,
        lesson=lesson,
        completion=completion,
        form=form,
        done=done,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/kemajuan/<slug:slug>")
def course_progress(slug):
    """This reader's progress on a course ("2 dari 5 selesai", which lessons, the final quiz, the
    certificate once earned): a page, or the fragment the shared course page loads into itself.
    Outside /belajar/<course>/, where any second segment is a lesson."""
    course = find_course(slug)
    if course is None or not course.published_lessons:
        abort(404)
    done = standing = certificate = None
    final = course_quizzes(course)[0]
    if current_user.is_authenticated:
        done = completed_lesson_ids(current_user, course)
        standing = progress_sentence(mastery(current_user, final)) if final else None
        certificate = certificates.certificate_of(current_user, course)
    response = render_page_or_fragment(
        "learning/course_progress.html", "learning/_course_progress.html", course=course, done=done,
        final=final, standing=standing, certificate=certificate,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/belajar/<slug:course_slug>/<slug:lesson_slug>/kemajuan")
def progress(course_slug, lesson_slug):
    course, lesson = _course_and_lesson(course_slug, lesson_slug)
    return _progress_response(course, lesson)


@bp.post("/belajar/<slug:course_slug>/<slug:lesson_slug>/kemajuan")
def mark_done(course_slug, lesson_slug):
    """Mark the lesson done with an ordinary form (JavaScript off)."""
    course, lesson = _course_and_lesson(course_slug, lesson_slug)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for(".lesson", course_slug=course.slug, lesson_slug=lesson.slug)))
    form = MarkDoneForm()
    if not form.validate():
        return _progress_response(course, lesson, form=form, status=400)
    record_completion(current_user, lesson, form.key.data)
    certificates.issue_if_earned(current_user, course)
    flash(_("Pelajaran ditandai selesai."), "success")
    return redirect(url_for(".progress", course_slug=course.slug, lesson_slug=lesson.slug), 303)


@bp.post("/api/kemajuan")
@offline_action(invalid_message=_l("Data kemajuan tidak lengkap."))
def record_progress(action):
    """Mark a lesson done from a script, or from the service worker replaying a mark made offline.

    An offline action (webapp.offline: no CSRF token, same-origin JSON, the one status
    contract). Its own field: "lesson", the lesson's id. Answers 200 {"done": true, "new":
    bool, "completed_at"}; 404 for a lesson that is not (or no longer) published.
    """
    lesson_id = action.data.get("lesson")
    if not is_id(lesson_id):
        raise ActionRefused(400, _("Data kemajuan tidak lengkap."))
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or not lesson.published or not lesson.course.published:
        raise ActionRefused(404, _("Pelajaran ini tidak ada lagi."))
    completion, created = record_completion(current_user, lesson, action.key, action.made_at)
    certificates.issue_if_earned(current_user, lesson.course)
    return jsonify(done=True, new=created, completed_at=completion.completed_at.isoformat() + "Z")
