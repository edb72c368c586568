"""Asking a community for its contacts: a reason, in words, with no contact details in it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.text import clean_typed_text
from webapp.validators import NoContactDetails


class ContactRequestForm(FlaskForm):
    message = TextAreaField(
        _l("Mengapa Anda ingin menghubungi komunitas ini?"),
        filters=[clean_typed_text],
        validators=[
            DataRequired(message=_l("Tulis alasan Anda, supaya koordinator bisa memutuskan.")),
            Length(min=20, max=500, message=_l("Tulis 20 sampai 500 karakter.")),
            NoContactDetails(
                _l(
                    "Jangan tulis nomor telepon atau e-mail di sini. Jika permintaan diterima, "
                    "koordinator melihat e-mail akun Anda."
                )
            ),
        ],
        description=_l("Misalnya: siapa Anda, dan kerja sama atau bantuan apa yang Anda tawarkan."),
        render_kw={"maxlength": 500, "rows": 4},
    )
