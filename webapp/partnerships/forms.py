"""The partnership request form. Its texts are read before anyone has agreed to share contacts,
so a phone number or e-mail in them is refused, as in program texts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.text import clean_line, clean_typed_text
from webapp.validators import NoContactDetails


# The partnership's own answer to "where do I put my number then?".
NO_CONTACT_BEFORE_ACCEPTANCE = NoContactDetails(
    _l(
        "Jangan tulis nomor telepon atau alamat e-mail di ajakan. Kontak kedua pihak "
        "terbuka untuk Anda berdua begitu ajakan diterima."
    )
)


class PartnershipRequestForm(FlaskForm):
    sender = SelectField(
        _l("Atas nama"),
        name="dari",
        validators=[DataRequired(message=_l("Pilih komunitas Anda yang mengajak."))],
        invalid_value_message=_l("Pilih salah satu komunitas yang Anda koordinasikan."),
        invalid_choice_message=_l("Pilih salah satu komunitas yang Anda koordinasikan."),
    )
    goal = StringField(
        _l("Tujuan bersama"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Tulis tujuan yang ingin dicapai bersama.")),
            Length(max=200, message=_l("Tujuan paling panjang 200 karakter.")),
            NO_CONTACT_BEFORE_ACCEPTANCE,
        ],
    )
    message = TextAreaField(
        _l("Pesan"),
        default="",
        filters=[clean_typed_text],
        validators=[
            Length(max=2000, message=_l("Pesan paling panjang 2000 karakter.")),
            NO_CONTACT_BEFORE_ACCEPTANCE,
        ],
    )

    def __init__(self, senders, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender.choices = [(c.slug, c.name) for c in senders]
