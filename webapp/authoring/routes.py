"""The lesson editor: facilitators and admins write courses and lessons in Markdown.

Everything here is for facilitators and admins only (a visitor is sent to sign in, a member
gets 403). Drafts are seen only here; the public pages (webapp.learning) show what is
published. Courses and lessons are unpublished rather than deleted, so readers' progress and
saved copies keep pointing at something.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.access import current_person, verifier_required
from webapp.authoring import bp, services
from webapp.authoring.forms import (
    CourseEditForm,
    CourseForm,
    LessonEditForm,
    LessonForm,
    LessonImageForm,
    PreviewForm,
    QuestionForm,
    QuizForm,
)
from webapp.extensions import db
from webapp.http import form_status, keep_out_of_caches, render_page_or_fragment, wants_fragment
from webapp.images import ImageRejected, count_upload, store_lesson_image
from webapp.learning.services import offline_size, render_body
from webapp.models import Course, Lesson, Question, Quiz
from webapp.quizzes import services as quizzes
from webapp.versioning import STALE_EDIT, save_edit

# Facilitators write lessons and verify communities: the same people, the same check.
editor_required = verifier_required




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


# Drafts and CSRF tokens: no cache, nor the service worker, may keep these pages.
keep_out_of_caches(bp)


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
            course = services.create_course(form.data, current_person())
        except services.SlugTaken:
            form.title.errors.append(_("Judul ini baru saja dipakai kursus lain. Pilih judul lain."))
        else:
            flash(_("Kursus dibuat. Sekarang tambahkan pelajarannya."), "success")
            return redirect(url_for(".course", course_id=course.id), 303)
    return render_template("authoring/course_form.html", form=form, course=None), form_status(form)


@bp.get("/<id:course_id>")
@editor_required
def course(course_id):
    """A course's lessons, drafts included, in their order; its quizzes; how learners are doing
    (counts, and the questions most people get wrong)."""
    course = db.get_or_404(Course, course_id)
    final, practice = quizzes.editable_quizzes(course)
    return render_template("authoring/course.html", course=course, offline_size=offline_size,
                           final=final, practice=practice, completion=services.course_completion(course),
                           missed=quizzes.most_missed(course), min_answers=quizzes.MIN_ANSWERS)


@bp.route("/<id:course_id>/ubah", methods=["GET", "POST"])
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
        saved, conflict = save_edit(
            lambda: services.save_course(course, form.data, current_person()), course, form,
            _("Kursus tersimpan."), url_for(".course", course_id=course.id),
        )
        if saved is not None:
            return saved
    status = STALE_EDIT if conflict else form_status(form)
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


@bp.route("/<id:course_id>/pelajaran-baru", methods=["GET", "POST"])
@editor_required
def new_lesson(course_id):
    """Write a new lesson; it stays a draft until someone ticks "published"."""
    course = db.get_or_404(Course, course_id)
    form = LessonForm(course)
    if _wants_preview(form):
        return _lesson_page(course, None, form, preview=_preview_of(form))
    if form.validate_on_submit():
        try:
            lesson = services.create_lesson(course, form.data, current_person())
        except services.SlugTaken:
            form.title.errors.append(_("Judul ini baru saja dipakai pelajaran lain. Pilih judul lain."))
        else:
            flash(_("Pelajaran dibuat."), "success")
            return redirect(url_for(".edit_lesson", course_id=course.id, lesson_id=lesson.id), 303)
    return _lesson_page(course, None, form, form_status(form))


@bp.route("/<id:course_id>/pelajaran/<id:lesson_id>", methods=["GET", "POST"])
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
        saved, conflict = save_edit(
            lambda: services.save_lesson(lesson, form.data, current_person()), lesson, form,
            _("Pelajaran tersimpan."), url_for(".edit_lesson", course_id=course.id, lesson_id=lesson.id),
        )
        if saved is not None:
            return saved
    return _lesson_page(course, lesson, form, STALE_EDIT if conflict else form_status(form), conflict)


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


@bp.post("/<id:course_id>/pelajaran/<id:lesson_id>/gambar")
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
            count_upload(current_person())
            added = store_lesson_image(form.picture.data.read())
        except ImageRejected as rejected:
            form.picture.errors.append(rejected.message)
        else:
            services.add_lesson_picture(lesson, added, current_person())
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


# ---- Quizzes: practice on a lesson, the final quiz of a course ------------------------------------


def _course_quiz(course_id, quiz_id):
    """A quiz of this course; another course's quiz is not found here."""
    course = db.get_or_404(Course, course_id)
    quiz = db.get_or_404(Quiz, quiz_id)
    if quiz.course_id != course.id:
        abort(404)
    return course, quiz


def _quiz_question(quiz, question_id):
    """A question of the quiz's draft (published versions are not edited)."""
    question = db.get_or_404(Question, question_id)
    if quiz.draft is None or question.version_id != quiz.draft.id:
        abort(404)
    return question


@bp.post("/<id:course_id>/kuis-baru")
@editor_required
def new_quiz(course_id):
    """Start a quiz: practice for the lesson named in the form, else the course's final quiz."""
    course = db.get_or_404(Course, course_id)
    lesson_id = request.form.get("lesson", type=int)
    lesson = None
    if lesson_id is not None:
        course, lesson = _course_lesson(course.id, lesson_id)
    title = _("Latihan: %(title)s", title=lesson.title) if lesson else _("Kuis akhir: %(title)s", title=course.title)
    try:
        quiz = quizzes.new_quiz(course, lesson, title[:160], current_person())
    except quizzes.QuizRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for(".course", course_id=course.id), 303)
    return redirect(url_for(".quiz", course_id=course.id, quiz_id=quiz.id), 303)


def _quiz_page(course, quiz, form, status=200):
    return render_template(
        "authoring/quiz.html", course=course, quiz=quiz, form=form, rule=quizzes.rule_sentence(quiz),
        version=quiz.draft or quiz.published_version,
    ), status


@bp.route("/<id:course_id>/kuis/<id:quiz_id>", methods=["GET", "POST"])
@editor_required
def quiz(course_id, quiz_id):
    """A quiz's rule and questions: the draft being written, or the published version."""
    course, quiz = _course_quiz(course_id, quiz_id)
    form = QuizForm(obj=quiz) if request.method == "GET" else QuizForm()
    if form.validate_on_submit():
        quizzes.save_settings(quiz, form.title.data, form.rule.data, form.needed.data, form.window.data)
        flash(_("Aturan kuis tersimpan."), "success")
        return redirect(url_for(".quiz", course_id=course.id, quiz_id=quiz.id), 303)
    return _quiz_page(course, quiz, form, form_status(form))


@bp.post("/<id:course_id>/kuis/<id:quiz_id>/ubah")
@editor_required
def edit_quiz(course_id, quiz_id):
    """Start a new version from the published one; that one stays as it is for its attempts."""
    course, quiz = _course_quiz(course_id, quiz_id)
    quizzes.draft_of(quiz)
    return redirect(url_for(".quiz", course_id=course.id, quiz_id=quiz.id), 303)


@bp.post("/<id:course_id>/kuis/<id:quiz_id>/terbitkan")
@editor_required
def publish_quiz(course_id, quiz_id):
    course, quiz = _course_quiz(course_id, quiz_id)
    try:
        quizzes.publish(quiz, current_person())
    except quizzes.QuizRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("Kuis terbit. Percobaan yang sudah dimulai tetap memakai versi lamanya."), "success")
    return redirect(url_for(".quiz", course_id=course.id, quiz_id=quiz.id), 303)


@bp.route("/<id:course_id>/kuis/<id:quiz_id>/soal-baru", methods=["GET", "POST"])
@bp.route("/<id:course_id>/kuis/<id:quiz_id>/soal/<id:question_id>", methods=["GET", "POST"])
@editor_required
def question(course_id, quiz_id, question_id=None):
    """Write or change a question of the draft (a published version is never changed)."""
    course, quiz = _course_quiz(course_id, quiz_id)
    draft = quiz.draft
    if draft is None:
        flash(_("Kuis ini sudah terbit. Buat versi baru untuk mengubah soalnya."), "info")
        return redirect(url_for(".quiz", course_id=course.id, quiz_id=quiz.id), 303)
    item = _quiz_question(quiz, question_id) if question_id else None
    if request.method == "GET" and item is not None:
        form = QuestionForm(data={
            "kind": item.kind, "text": item.text, "explanation": item.explanation,
            "choices": [{"text": c.text, "correct": c.correct, "feedback": c.feedback} for c in item.choices],
        })
    else:
        form = QuestionForm()
    if form.validate_on_submit():
        try:
            quizzes.save_question(draft, item, form.kind.data, form.text.data, form.explanation.data,
                                  form.filled_choices())
        except quizzes.QuizRefused as refused:
            form.choices.errors.append(refused.message)
        else:
            flash(_("Soal tersimpan."), "success")
            return redirect(url_for(".quiz", course_id=course.id, quiz_id=quiz.id), 303)
    return render_template("authoring/question_form.html", course=course, quiz=quiz, item=item,
                           form=form), form_status(form)


@bp.post("/<id:course_id>/kuis/<id:quiz_id>/soal/<id:question_id>/hapus")
@editor_required
def delete_question(course_id, quiz_id, question_id):
    course, quiz = _course_quiz(course_id, quiz_id)
    quizzes.delete_question(_quiz_question(quiz, question_id))
    flash(_("Soal dihapus dari draf."), "success")
    return redirect(url_for(".quiz", course_id=course.id, quiz_id=quiz.id), 303)
