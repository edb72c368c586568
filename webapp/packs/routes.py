"""Sharing a lesson or course as one file, and opening such a file in the app.

The share pages say what the file is and how big before anything is sent; the file itself is
their `?unduh=1`. Opening a file happens on the phone (static/js/packs.js): the page gives the
script the network's public keys, and the script checks the file before keeping anything.
"""

from flask import abort, current_app, make_response, render_template, request

from webapp import signing
from webapp.http import shared_page
from webapp.learning.services import find_course, find_lesson
from webapp.packs import bp
from webapp.packs.services import course_pack, lesson_pack
from webapp.templating import asset_url


def _share(pack, title, back):
    if request.args.get("unduh"):
        response = make_response(pack.html)
        response.content_type = "text/html; charset=utf-8"
        response.headers["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
        # The file is for saving, not for showing here: no page of ours runs inside it.
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        shared_page()
        return response
    shared_page()
    return render_template("packs/share.html", pack=pack, title=title, back=back)


@bp.get("/bagikan/<slug:course_slug>")
def share_course(course_slug):
    """A whole course as one file: every lesson and a contents list."""
    course = find_course(course_slug)
    if course is None or not course.published_lessons:
        abort(404)
    return _share(course_pack(course), course.title, ("learning.course", {"slug": course.slug}))


@bp.get("/bagikan/<slug:course_slug>/<slug:lesson_slug>")
def share_lesson(course_slug, lesson_slug):
    """One lesson as one file."""
    course = find_course(course_slug)
    lesson = find_lesson(course, lesson_slug) if course else None
    if lesson is None:
        abort(404)
    back = ("learning.lesson", {"course_slug": course.slug, "lesson_slug": lesson.slug})
    return _share(lesson_pack(course, lesson), lesson.title, back)


@bp.get("/buka-berkas")
def open_file():
    """Open a lesson file someone passed on: checked on the phone, then kept for offline reading."""
    shared_page()
    # This release's scripts and stylesheet, which the service worker keeps: a page made by
    # another release is pointed at these (a lesson's quiz script, say).
    assets = sorted(asset_url(name) for name in current_app.extensions["assets"]
                    if name.endswith((".css", ".js")) and not name.startswith("vendor/workbox/"))
    return render_template("packs/open.html", keys=signing.public_keys(), assets=assets)
