"""Demo courses: lessons on partnering, written for the project, in webapp/data/courses/.

Each course is a folder (`01-dasar-kemitraan/`) with a `course.md` (title and summary) and one
Markdown file per lesson, in file-name order: the title on the first line (`# ...`), the
summary on the third (`> ...`), then the body. A picture beside the lessons, referred to as
`![description](siklus-kemitraan.png)`, goes through the image pipeline like any upload.
A `kuis.json` beside them holds the course's final quiz ("akhir") and practice quizzes on some
lessons ("latihan", by lesson slug), published as version 1.
"""

import json
import os
import re

import sqlalchemy as sa

from webapp.extensions import db
from webapp.images import store_lesson_image
from webapp.learning.services import refresh_lesson_metrics
from webapp.certificates.codes import new_code
from webapp.models import (
    Answer, Attempt, Certificate, Choice, Course, Lesson, LessonCompletion, Question, Quiz, QuizVersion, utcnow,
)
from webapp.offline import scoped_key
from webapp.regions import DATA_DIR

COURSES_DIR = os.path.join(DATA_DIR, "courses")
LOCAL_PICTURE = re.compile(r"!\[([^\]]*)\]\(([\w.-]+\.(?:png|jpe?g|webp))\)")


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _title_and_rest(text):
    first, _, rest = text.strip().partition("\n")
    return first.lstrip("#").strip(), rest.strip()


def _slug(filename):
    """`02-tujuan-bersama.md` -> `tujuan-bersama`."""
    return re.sub(r"^\d+-", "", os.path.splitext(filename)[0])


def _store_pictures(body, folder):
    """Store the pictures a lesson refers to and point the Markdown at their stored copies."""

    def stored(match):
        with open(os.path.join(folder, match[2]), "rb") as f:
            image = store_lesson_image(f.read())
        db.session.flush()
        return f"![{match[1]}](/media/{image.sha256}-{image.variants[-1].width}.webp)"

    return LOCAL_PICTURE.sub(stored, body)


def read_lesson(path):
    """A lesson file as (title, summary, body)."""
    title, rest = _title_and_rest(_read(path))
    summary = ""
    if rest.startswith(">"):
        summary_line, _, rest = rest.partition("\n")
        summary = summary_line.lstrip("> ").strip()
    return title, summary, rest.strip()


def load_demo_courses():
    """Load the demo courses that are still missing (matched by slug); return how many were added."""
    if not os.path.isdir(COURSES_DIR):
        return 0
    added = 0
    folders = sorted(f for f in os.listdir(COURSES_DIR) if os.path.isdir(os.path.join(COURSES_DIR, f)))
    for position, name in enumerate(folders, start=1):
        folder = os.path.join(COURSES_DIR, name)
        slug = _slug(name)
        if db.session.scalar(sa.select(Course.id).where(Course.slug == slug)):
            continue
        title, summary = _title_and_rest(_read(os.path.join(folder, "course.md")))
        course = Course(slug=slug, title=title, summary=summary, position=position, published=True)
        lesson_files = sorted(f for f in os.listdir(folder) if f.endswith(".md") and f != "course.md")
        for number, filename in enumerate(lesson_files, start=1):
            title, summary, body = read_lesson(os.path.join(folder, filename))
            lesson = Lesson(
                slug=_slug(filename), position=number, title=title, summary=summary,
                body=_store_pictures(body, folder), published=True,
            )
            course.lessons.append(lesson)
            refresh_lesson_metrics(lesson)
        db.session.add(course)
        _add_quizzes(course, folder)
        added += 1
    return added


def _quiz(course, lesson, entry):
    """A quiz from its kuis.json entry, its questions published as version 1."""
    version = QuizVersion(number=1, published_at=utcnow())
    for position, item in enumerate(entry["soal"], start=1):
        question = Question(position=position, kind=item["jenis"], text=item["teks"], explanation=item["penjelasan"])
        question.choices = [Choice(position=i, text=text, correct=correct, feedback=feedback)
                            for i, (text, correct, feedback) in enumerate(item["pilihan"])]
        version.questions.append(question)
    quiz = Quiz(course=course, lesson=lesson, title=entry["judul"])
    quiz.versions.append(version)
    return quiz


def _add_quizzes(course, folder):
    path = os.path.join(folder, "kuis.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        quizzes = json.load(f)
    lessons = {lesson.slug: lesson for lesson in course.lessons}
    for slug, entry in quizzes.get("latihan", {}).items():
        db.session.add(_quiz(course, lessons[slug], entry))
    if "akhir" in quizzes:
        db.session.add(_quiz(course, None, quizzes["akhir"]))


def give_demo_certificate(user, course_slug):
    """`user` finished every lesson of the course and its final quiz, and holds its certificate
    (so the certificate pages have something to show). Nothing happens if they already do."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == course_slug))
    if course is None or db.session.scalar(
        sa.select(Certificate.id).where(Certificate.user_id == user.id, Certificate.course_id == course.id)
    ):
        return False
    for lesson in course.published_lessons:
        db.session.add(LessonCompletion(user_id=user.id, lesson_id=lesson.id,
                                        idempotency_key=scoped_key(user.id, f"demo-selesai-{lesson.id}")))
    final = db.session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id, Quiz.lesson_id.is_(None)))
    version = final.versions[0]
    attempt = Attempt(user_id=user.id, version=version, finished_at=utcnow())
    for question in version.questions:
        right = ",".join(str(c.id) for c in question.choices if c.correct)
        attempt.answers.append(Answer(question_id=question.id, chosen=right, correct=True))
    db.session.add(attempt)
    db.session.add(Certificate(code=new_code(), user_id=user.id, course_id=course.id, printed_name=user.name))
    return True
