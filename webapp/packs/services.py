"""Lesson packs: a lesson or a whole course as one .html file a phone can pass on by WhatsApp,
Bluetooth or Quick Share, and another phone can read with no network, with or without Jejaring.

A pack is two things in one file:
- a reading copy for any browser: plain HTML, its styles inline and its pictures as small WebP
  `data:` addresses, no script needed, with the network, the course, the version and the date;
- for the app, a JSON block (`<script type="application/json">`, never run) with each page as
  the app serves it to everyone (lessons and courses are shared pages, so no one's personal
  data is in them) and a token signed with the network's key (webapp.signing) that names every
  page and picture by its SHA-256. The app's "Buka file pelajaran" page checks the token and
  every hash before it puts anything in the offline library (static/js/packs.js).
"""

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_babel import format_date

from webapp import signing
from webapp.extensions import db
from webapp.learning.pages import course_page, lesson_page
from webapp.learning.services import render_body
from webapp.markdown import image_shas
from webapp.models import Image, ImageVariant
from webapp.quizzes.pages import quiz_page
from webapp.quizzes.services import course_quizzes

FORMAT = 1
# Pictures travel at one width: sharp on a phone screen, small enough for a file sent by chat.
PICTURE_WIDTH = 480
PAGE_PICTURE = re.compile(r"/media/([0-9a-f]{64})-(\d+)\.webp")


@dataclass
class Pack:
    filename: str
    html: str

    @property
    def size(self):
        return len(self.html.encode())


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _pictures(texts):
    """{sha256 of the original: (address the app uses, bytes)} at the pack's width, for every
    stored picture the lessons show (the smallest size at least PICTURE_WIDTH wide, else the largest)."""
    shas = set().union(*(image_shas(text) for text in texts)) if texts else set()
    if not shas:
        return {}
    variants = db.session.execute(
        sa.select(Image.sha256, ImageVariant.width)
        .join(ImageVariant, ImageVariant.image_id == Image.id)
        .where(Image.sha256.in_(shas))
        .order_by(Image.sha256, ImageVariant.width)
    ).all()
    chosen = {}
    for sha, width in variants:
        if sha not in chosen or chosen[sha] < PICTURE_WIDTH:
            chosen[sha] = width
    pictures = {}
    for sha, width in chosen.items():
        data = db.session.scalar(
            sa.select(ImageVariant.data).join(Image).where(Image.sha256 == sha, ImageVariant.width == width)
        )
        pictures[sha] = (url_for("media.image", sha=sha, width=width), data)
    return pictures


def _one_picture_each(html, pictures):
    """Point every picture of a page at the one size the pack carries, data: addresses for the
    reading copy (`inline`), the app's own address otherwise."""

    def replace(match, inline):
        sha = match[1]
        if sha not in pictures:
            return match[0]
        address, data = pictures[sha]
        return "data:image/webp;base64," + base64.b64encode(data).decode() if inline else address

    def img(tag, inline):
        tag = re.sub(r'\s(srcset|sizes|loading)="[^"]*"', "", tag)
        found = PAGE_PICTURE.search(tag)
        tag = PAGE_PICTURE.sub(lambda m: replace(m, inline), tag)
        if inline and found and found[1] in pictures:
            # The app reads each picture from here, under the address the page uses.
            tag = tag.replace("<img", f'<img data-jejaring="{pictures[found[1]][0]}"', 1)
        return tag

    return lambda inline: re.sub(r"<img\b[^>]*>", lambda m: img(m[0], inline), html)


def _rendered_as_everyone_sees_it(path, render):
    """A page rendered as the anonymous shared page at `path` (so its links and language switch
    are the page's own), in the maker's language."""
    with current_app.test_request_context(path):
        return render()


def _json_for_html(value):
    # In a <script> block nothing may read as a closing tag or a comment.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _build(course, lessons, kind, filename):
    pictures = _pictures([lesson.body for lesson in lessons])
    pages = {}
    if kind == "course":
        path = url_for("learning.course", slug=course.slug)
        pages[path] = {"title": course.title, "version": course.version,
                       "html": _rendered_as_everyone_sees_it(path, lambda: course_page(course))}
    readings = []
    for lesson in lessons:
        path = url_for("learning.lesson", course_slug=course.slug, lesson_slug=lesson.slug)
        page = _rendered_as_everyone_sees_it(path, lambda: lesson_page(course, lesson))
        pages[path] = {"title": lesson.title, "version": lesson.version, "html": _one_picture_each(page, pictures)(False)}
        readings.append({"lesson": lesson, "body": _one_picture_each(str(render_body(lesson.body)), pictures)(True)})
    # The practice questions of the lessons (and, for a course, its final quiz) travel too: a
    # practice quiz gives its feedback on the phone; a final quiz's answers wait in the offline
    # queue and are graded by the server, whose page never holds the right answers.
    final, practice = course_quizzes(course)
    quizzes = [practice[lesson.id] for lesson in lessons if lesson.id in practice]
    if kind == "course" and final is not None:
        quizzes.append(final)
    for quiz in quizzes:
        path = url_for("quizzes.quiz", quiz_id=quiz.id)
        pages[path] = {"title": quiz.title, "version": quiz.published_version.number,
                       "html": _rendered_as_everyone_sees_it(path, lambda: quiz_page(quiz))}
    made = date.today()
    token = signing.sign({
        "format": FORMAT,
        "kind": kind,
        "made": made.isoformat(),
        "course": {"title": course.title, "url": url_for("learning.course", slug=course.slug)},
        "pages": [{"url": url, "title": page["title"], "version": page["version"],
                   "sha256": _sha256(page["html"].encode())} for url, page in pages.items()],
        "pictures": {address: _sha256(data) for address, data in pictures.values()},
    })
    html = render_template(
        "packs/pack.html",
        kind=kind,
        course=course,
        readings=readings,
        version=max(page["version"] for url, page in pages.items() if not url.startswith("/kuis/")),
        made=format_date(made, "long"),
        app_url=url_for("main.home", _external=True),
        payload=_json_for_html({"token": token, "pages": {url: page["html"] for url, page in pages.items()}}),
    )
    return Pack(filename, html)


def lesson_pack(course, lesson):
    return _build(course, [lesson], "lesson", f"{course.slug}--{lesson.slug}.html")


def course_pack(course):
    return _build(course, course.published_lessons, "course", f"{course.slug}.html")
