"""The quiz page as everyone gets it: rendered in one place, for the view and for lesson packs
(webapp/packs), which carry practice and final quizzes to a phone without a network."""

from flask import render_template

from webapp.learning.services import render_body
from webapp.quizzes.services import rule_sentence


def quiz_page(quiz):
    version = quiz.published_version
    return render_template(
        "quizzes/quiz.html", quiz=quiz, version=version, rule=rule_sentence(quiz),
        texts={q.id: render_body(q.text) for q in version.questions},
    )
