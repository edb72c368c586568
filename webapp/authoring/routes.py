"""The lesson editor: facilitators and admins write courses and lessons in Markdown.

Everything here is for facilitators and admins only (a visitor is sent to sign in, a member
gets 403). Drafts are seen only here; the public pages (webapp.learning) show what is
published. Courses and lessons are unpublished rather than deleted, so readers' progress and
saved copies keep pointing at something.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.admin.routes import verifier_required
from webapp.authoring import bp, services
from webapp.authoring.forms import (
    CourseEditForm,
    CourseForm,
    LessonEditForm,
    LessonForm,
    LessonImageForm,
    PreviewForm,
)
from webapp.extensions import db
from webapp.http import form_status, render_page_or_fragment, wants_fragment
from webapp.images import ImageRejected, store_lesson_image
from webapp.learning.services import offline_size, render_body
from webapp.models import Course, Lesson

# Ids in URLs are bounded, so an absurd number is a 404 and not a database overflow.
ID = "int(max=2147483647)"
# Facilitators write lessons and verify communities: the same people, the same check.
editor_required = verifier_required


def _me():
    """The signed-in User itself (not Flask-Login's proxy), to store as editor or actor."""
    return current_user._get_current_object()


def _course_lesson(course_id, lesson_id):
    """A lesson of this course; another course's lesson is not found here."""
    course = db.get_or_404(Course, course_id)
    lesson = db.get_or_404(Lesson, lesson_id)
    if lesson.course_id != course.id:
        abort(404)
    return course, lesson


def _describe(name, value):
    """A saved value as the person would see it in the form (for the stale-edit notice)."""
    if name == "published":
        return _("Terbit") if value else _("Draf")
    return "" if value is None else str(value)


@bp.after_request
def keep_out_of_caches(response):
    # Drafts and CSRF tokens: no cache, nor the service worker, may keep these pages.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
@editor_required
def index():
    """Every course, drafts included, with how many of its lessons are published."""
    return render_template(
        "authoring/index.html", courses=services.all_courses(), counts=services.lesson_counts()
    )


@bp.route("/kursus-baru", methods=["GET", "POST"])
@editor_required
def new_course():
    """Create a course; it stays a draft until someone ticks "published"."""
    form = CourseForm()
    if form.validate_on_submit():
        try:
            course = services.create_course(form, _me())
        except services.SlugTaken:
            form.title.errors.append(_("Judul ini baru saja dipakai kursus lain. Pilih judul lain."))
        else:
            flash(_("Kursus dibuat. Sekarang tambahkan pelajarannya."), "success")
            return redirect(url_for(".course", course_id=course.id), 303)
    return render_template("authoring/course_form.html", form=form, course=None), form_status(form)


@bp.get(f"/<{ID}:course_id>")
@editor_required
def course(course_id):
    """A course's lessons, drafts included, in their order."""
    course = db.get_or_404(Course, course_id)
    return render_template("authoring/course.html", course=course, offline_size=offline_size)


@bp.route(f"/<{ID}:course_id>/ubah", methods=["GET", "POST"])
@editor_required
def edit_course(course_id):
    """Edit a course, refusing a form loaded before someone else saved it."""
    course = db.get_or_404(Course, course_id)
    if request.method == "GET":
        form = CourseEditForm(data=services.form_values(course, services.COURSE_FIELDS))
    else:
        form = CourseEditForm()
    conflict = None
    if form.validate_on_submit():
        conflict = services.save_course(course, form, _me())
        if conflict is None:
            flash(_("Kursus tersimpan."), "success")
            return redirect(url_for(".course", course_id=course.id), 303)
        # Keep what the person typed, but base the form on the version now saved.
        form.version.data = str(course.version)
    status = 409 if conflict else form_status(form)
    return render_template(
        "authoring/course_form.html", form=form, course=course, conflict=conflict, describe=_describe
    ), status


def _lesson_page(course, lesson, form, status=200, conflict=None, image_form=None, preview=None):
    return render_template(
        "authoring/lesson_form.html",
        course=course,
        lesson=lesson,
        form=form,
        image_form=image_form or LessonImageForm(formdata=None),
        pictures=services.lesson_pictures(lesson) if lesson else [],
        markdown_line=services.markdown_line,
        offline_size=offline_size,
        conflict=conflict,
        describe=_describe,
        preview=preview,
    ), status


def _wants_preview(form):
    """Without JavaScript, the "Pratinjau" button sends the form to see the body rendered:
    the form comes back as typed, with the preview below it, and nothing is saved."""
    return form.is_submitted() and "preview" in request.form


def _preview_of(form):
    """The rendered body for the no-JavaScript preview; the body's own errors show instead."""
    form.body.validate(form)
    return None if form.body.errors else render_body(form.body.data or "")


@bp.route(f"/<{ID}:course_id>/pelajaran-baru", methods=["GET", "POST"])
@editor_required
def new_lesson(course_id):
    """Write a new lesson; it stays a draft until someone ticks "published"."""
    course = db.get_or_404(Course, course_id)
    form = LessonForm(course)
    if _wants_preview(form):
        return _lesson_page(course, None, form, preview=_preview_of(form))
    if form.validate_on_submit():
        try:
            lesson = services.create_lesson(course, form, _me())
        except services.SlugTaken:
            form.title.errors.append(_("Judul ini baru saja dipakai pelajaran lain. Pilih judul lain."))
        else:
            flash(_("Pelajaran dibuat."), "success")
            return redirect(url_for(".edit_lesson", course_id=course.id, lesson_id=lesson.id), 303)
    return _lesson_page(course, None, form, form_status(form))


@bp.route(f"/<{ID}:course_id>/pelajaran/<{ID}:lesson_id>", methods=["GET", "POST"])
@editor_required
def edit_lesson(course_id, lesson_id):
    """Edit a lesson, refusing a form loaded before someone else saved it."""
    course, lesson = _course_lesson(course_id, lesson_id)
    if request.method == "GET":
        form = LessonEditForm(course, data=services.form_values(lesson, services.LESSON_FIELDS))
    else:
        form = LessonEditForm(course)
    if _wants_preview(form):
        return _lesson_page(course, lesson, form, preview=_preview_of(form))
    conflict = None
    if form.validate_on_submit():
        conflict = services.save_lesson(lesson, form, _me())
        if conflict is None:
            flash(_("Pelajaran tersimpan."), "success")
            return redirect(url_for(".edit_lesson", course_id=course.id, lesson_id=lesson.id), 303)
        form.version.data = str(lesson.version)
    return _lesson_page(course, lesson, form, 409 if conflict else form_status(form), conflict)


@bp.post("/pratinjau")
@editor_required
def preview():
    """The body as readers will see it: the fragment htmx swaps in next to the text area."""
    form = PreviewForm()
    valid = form.validate_on_submit()
    return render_page_or_fragment(
        "authoring/preview.html",
        "authoring/_preview.html",
        status=200 if valid else 422,
        preview_errors=form.body.errors,
        preview=render_body(form.body.data or "") if valid else None,
    )


@bp.post(f"/<{ID}:course_id>/pelajaran/<{ID}:lesson_id>/gambar")
@editor_required
def upload_image(course_id, lesson_id):
    """Store a picture for the lesson and give the Markdown line that shows it.

    With htmx the answer lands next to the upload form, so what is typed in the lesson form
    stays; without JavaScript the edit page comes back with the line in a message.
    """
    course, lesson = _course_lesson(course_id, lesson_id)
    form = LessonImageForm()
    added = None
    if form.validate_on_submit():
        try:
            added = store_lesson_image(form.picture.data.read())
        except ImageRejected as rejected:
            form.picture.errors.append(rejected.message)
        else:
            services.add_lesson_picture(lesson, added, _me())
    if wants_fragment():
        return render_template(
            "authoring/_image_section.html",
            course=course, lesson=lesson, image_form=LessonImageForm(formdata=None) if added else form,
            pictures=services.lesson_pictures(lesson), markdown_line=services.markdown_line, added=added,
        ), 200 if added else 422
    if added:
        flash(_("Gambar tersimpan. Salin barisnya dari daftar gambar di bawah ke isi pelajaran."), "success")
        return redirect(url_for(".edit_lesson", course_id=course.id, lesson_id=lesson.id, _anchor="gambar-pelajaran"), 303)
    lesson_form = LessonEditForm(course, formdata=None, data=services.form_values(lesson, services.LESSON_FIELDS))
    return _lesson_page(course, lesson, lesson_form, 422, image_form=form)
