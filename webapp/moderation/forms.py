"""The report form: which rule was broken, and in a few words how."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from webapp.moderation.models import Rule
from webapp.text import clean_typed_text


class ReportForm(FlaskForm):
    rule = RadioField(
        _l("Aturan mana yang dilanggar?"),
        choices=[(rule.value, rule.label) for rule in Rule],
        validators=[InputRequired(message=_l("Pilih satu aturan."))],
        validate_choice=True,
        invalid_choice_message=_l("Pilih satu aturan."),
    )
    reason = TextAreaField(
        _l("Apa yang terjadi?"),
        filters=[clean_typed_text],
        validators=[
            DataRequired(message=_l("Tulis singkat apa yang melanggar aturan.")),
            Length(min=10, max=500, message=_l("Tulis 10 sampai 500 karakter.")),
        ],
        description=_l("Hanya moderator yang membaca laporan Anda; nama Anda tidak diberitahukan kepada yang dilaporkan."),
        render_kw={"maxlength": 500, "rows": 4},
    )


class DecisionForm(FlaskForm):
    """A moderator's decision: the reason those affected are told (the buttons say what)."""

    message = TextAreaField(
        _l("Alasan untuk yang dilaporkan"),
        filters=[clean_typed_text],
        validators=[Length(max=1000, message=_l("Paling panjang 1000 karakter."))],
        description=_l("Wajib, kecuali saat menutup laporan atau memulihkan. Mereka membacanya dan bisa menjawab."),
        render_kw={"maxlength": 1000, "rows": 3},
    )


class AnswerForm(FlaskForm):
    """The answer of a person affected by a decision, for the moderators."""

    message = TextAreaField(
        _l("Jawaban Anda untuk moderator"),
        filters=[clean_typed_text],
        validators=[
            DataRequired(message=_l("Tulis jawaban Anda.")),
            Length(min=10, max=1000, message=_l("Tulis 10 sampai 1000 karakter.")),
        ],
        render_kw={"maxlength": 1000, "rows": 4},
    )
