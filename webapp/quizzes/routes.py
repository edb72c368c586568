"""Taking a quiz: the shared quiz page, plain forms one question at a time, the result page,
and the offline action that delivers a whole attempt made on a phone.

The quiz page is the same for everyone (the service worker may keep it with its course): it
holds the questions, and for practice the feedback, but never a final quiz's right answers.
What is personal (progress, the start button, attempts) is on pages of their own.
"""

import re

from flask import abort, flash, jsonify, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.certificates import services as certificates
from webapp.http import render_page_or_fragment, shared_page
from webapp.learning.services import render_body
from webapp.offline import ActionRefused, is_id, offline_action
from webapp.quizzes import bp, services
from webapp.quizzes.forms import INCOMPLETE, AnswerForm, StartForm
from webapp.quizzes.pages import quiz_page


def _open_quiz(quiz_id):
    quiz = services.find_quiz(quiz_id)
    if quiz is None:
        abort(404)
    return quiz


def _own_attempt(attempt_id):
    attempt = services.own_attempt(current_user, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


@bp.get("/kuis/<id:quiz_id>")
def quiz(quiz_id):
    """The quiz as everyone sees it: rule, questions (for the script and offline use)."""
    quiz = _open_quiz(quiz_id)
    shared_page()
    return quiz_page(quiz)


@bp.get("/kuis/<id:quiz_id>/kemajuan")
def status(quiz_id):
    """This person's standing on the quiz and the button to start: a page, or the fragment the
    shared quiz page loads into itself."""
    quiz = _open_quiz(quiz_id)
    standing = certificate = None
    if current_user.is_authenticated:
        standing = services.mastery(current_user, quiz)
        certificate = certificates.certificate_of(current_user, quiz.course) if quiz.is_final else None
    response = render_page_or_fragment(
        "quizzes/status.html", "quizzes/_status.html", quiz=quiz, standing=standing, certificate=certificate,
        progress=services.progress_sentence(standing) if standing else None,
        rule=services.rule_sentence(quiz), form=StartForm(),
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/kuis/<id:quiz_id>/mulai")
@login_required
def start(quiz_id):
    """Start an attempt on the current version, with its own order of questions."""
    quiz = _open_quiz(quiz_id)
    if not StartForm().validate_on_submit():
        flash(str(INCOMPLETE), "error")
        return redirect(url_for(".status", quiz_id=quiz.id), 303)
    attempt = services.start_attempt(current_user, quiz)
    return redirect(url_for(".attempt", attempt_id=attempt.id), 303)


def _attempt_page(attempt, form=None, status=200, refused=None):
    """The next question of the attempt, or its result once every question is answered."""
    quiz = attempt.version.quiz
    question = services.next_question(attempt)
    last = attempt.answers[-1] if attempt.answers else None
    context = dict(
        quiz=quiz, attempt=attempt, refused=refused,
        # Practice shows what the last answer meant; a final quiz keeps its answers to itself.
        last=None if quiz.is_final else last,
    )
    if question is None:
        standing = services.mastery(current_user, quiz)
        response = render_template(
            "quizzes/result.html", **context, standing=standing,
            progress=services.progress_sentence(standing), rule=services.rule_sentence(quiz),
            texts={q.id: render_body(q.text) for q in attempt.version.questions},
            certificate=certificates.certificate_of(current_user, quiz.course) if quiz.is_final else None,
        )
    else:
        response = render_template(
            "quizzes/question.html", **context, question=question, text=render_body(question.text),
            number=len(attempt.answers) + 1, total=len(attempt.version.questions),
            form=form or AnswerForm(formdata=None),
        )
    response = make_response(response, status)
    # Personal, and it carries a CSRF token: no cache keeps it.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/kuis/percobaan/<id:attempt_id>")
@login_required
def attempt(attempt_id):
    return _attempt_page(_own_attempt(attempt_id))


@bp.post("/kuis/percobaan/<id:attempt_id>")
@login_required
def answer(attempt_id):
    """Answer the question the form was for; only the first answer to a question counts."""
    attempt = _own_attempt(attempt_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _attempt_page(attempt, form, 422)
    try:
        created = services.answer_question(attempt, form.version.data, form.question.data, form.pilihan.data)[1]
    except services.OtherVersion as refused:
        return _attempt_page(attempt, form, 409, refused=refused.message)
    except services.QuizRefused as refused:
        return _attempt_page(attempt, form, 422, refused=refused.message)
    if attempt.finished_at is not None and attempt.version.quiz.is_final:
        certificates.issue_if_earned(current_user, attempt.version.quiz.course)
    if not created:
        flash(_("Soal ini sudah Anda jawab; jawaban pertama yang dihitung."), "info")
    return redirect(url_for(".attempt", attempt_id=attempt.id), 303)


# A question id as a JSON object's key: ASCII digits only ("²" is a digit to str.isdigit).
QUESTION_KEY = re.compile(r"[0-9]{1,18}")


def _chosen(answers):
    """{question id: [choice ids]} from the JSON {"<question id>": [choice ids]}, or None."""
    if not isinstance(answers, dict) or len(answers) > 200:
        return None
    chosen = {}
    for key, value in answers.items():
        if not QUESTION_KEY.fullmatch(key) or not isinstance(value, list) or not all(is_id(i) for i in value):
            return None
        chosen[int(key)] = value
    return chosen


@bp.post("/api/kuis")
@offline_action(invalid_message=_l("Data jawaban kuis tidak lengkap."))
def submit(action):
    """A whole attempt answered on a phone (offline, perhaps long ago), graded here once.

    An offline action (webapp.offline). Its fields: "quiz" (id), "version" (the number the page
    showed) and "answers" ({question id: [choice ids]}). Answers 200 with the result and the
    certificate's page once earned; 404 for a quiz no longer open; 422 for another version or
    incomplete answers (the learner is told why, and can take the quiz again).
    """
    data = action.data
    answers = _chosen(data.get("answers"))
    if not is_id(data.get("quiz")) or not is_id(data.get("version")) or answers is None:
        raise ActionRefused(400, _("Data jawaban kuis tidak lengkap."))
    quiz = services.find_quiz(data["quiz"])
    if quiz is None:
        raise ActionRefused(404, _("Kuis ini tidak ada lagi."))
    try:
        attempt, created = services.submit_attempt(
            current_user, quiz, data["version"], answers, action.key, action.made_at
        )
    except services.QuizRefused as refused:
        raise ActionRefused(422, refused.message) from None
    standing = services.mastery(current_user, quiz)
    certificate = certificates.issue_if_earned(current_user, quiz.course)
    return jsonify(
        new=created,
        correct=sum(a.correct for a in attempt.answers),
        total=len(attempt.answers),
        mastered=standing.mastered,
        progress=services.progress_sentence(standing),
        result=url_for(".attempt", attempt_id=attempt.id),
        certificate=url_for("certificates.mine", code=certificate.code) if certificate else None,
    )
