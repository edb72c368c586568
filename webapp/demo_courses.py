"""Demo courses: lessons on partnering, written for the project, in webapp/data/courses/.

Each course is a folder (`01-dasar-kemitraan/`) with a `course.md` (title and summary) and one
Markdown file per lesson, in file-name order: the title on the first line (`# ...`), the
summary on the third (`> ...`), then the body. A picture beside the lessons, referred to as
`![description](siklus-kemitraan.png)`, goes through the image pipeline like any upload.
"""

import os
import re

import sqlalchemy as sa

from webapp.extensions import db
from webapp.images import store_lesson_image
from webapp.learning.services import refresh_lesson_metrics
from webapp.models import Course, Lesson
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
        added += 1
    return added
