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
