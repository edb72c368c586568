"""Forms of the certificates area: a code to check, the printed name, a revocation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.text import clean_line, clean_typed_text


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan pencabutan (dikirim ke pemegang sertifikat)"),
        filters=[clean_typed_text],
        validators=[
            DataRequired(message=_l("Tulis alasannya: pemegang sertifikat akan membacanya.")),
            Length(max=1000, message=_l("Alasan paling panjang 1000 karakter.")),
        ],
    )


class PrintedNameForm(FlaskForm):
    printed_name = StringField(
        _l("Nama yang dicetak di sertifikat"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama wajib diisi.")),
            Length(max=120, message=_l("Nama paling panjang 120 karakter.")),
        ],
    )
