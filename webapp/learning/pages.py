"""The course and lesson pages as everyone gets them: one place renders them, for the views and
for lesson packs (webapp/packs), which carry the same page to a phone without a network."""

from flask import render_template
from flask_babel import get_locale

from webapp.learning.services import neighbours, offline_size
from webapp.quizzes.services import course_quizzes


def lesson_page(course, lesson, data_saver=False):
    before, after, number, total = neighbours(lesson)
    return render_template(
        "learning/lesson.html",
        course=course,
        lesson=lesson,
        body=lesson.stored_html(get_locale(), data_saver),
        before=before,
        after=after,
        number=number,
        total=total,
        size=offline_size([lesson]),
        practice=course_quizzes(course)[1].get(lesson.id),
    )


def course_page(course):
    final, practice = course_quizzes(course)
    return render_template(
        "learning/course.html", course=course, size=offline_size(course.published_lessons, course),
        final=final, practice=practice,
    )
