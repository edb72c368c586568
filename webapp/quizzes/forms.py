"""The forms of taking a quiz without JavaScript: start an attempt, answer one question."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired

INCOMPLETE = _l("Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.")


class StartForm(FlaskForm):
    """Only the CSRF token: starting an attempt needs nothing else."""


class AnswerForm(FlaskForm):
    """One question's answer: which question, of which version, and the choices picked.

    The choices are checked against the question by the grading service, not here, so one form
    serves every kind of question.
    """

    question = IntegerField(validators=[InputRequired(message=INCOMPLETE)], invalid_value_message=INCOMPLETE)
    version = IntegerField(validators=[InputRequired(message=INCOMPLETE)], invalid_value_message=INCOMPLETE)
    pilihan = SelectMultipleField(
        coerce=int, validate_choice=False, invalid_value_message=INCOMPLETE,
        validators=[DataRequired(message=_l("Pilih jawaban terlebih dahulu."))],
    )
