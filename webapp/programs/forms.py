"""The one form of the programs area: a relawan's offer to help, with no contact details in it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.text import clean_line, clean_typed_text
from webapp.validators import NoContactDetails

# Where the number goes instead: contacts open to both sides once the offer is accepted.
NO_CONTACT_BEFORE_ACCEPTANCE = NoContactDetails(
    _l("Jangan tulis nomor telepon atau alamat e-mail di tawaran. Kontak kedua pihak terbuka begitu "
       "koordinator menerima tawaran Anda.")
)


class VolunteerOfferForm(FlaskForm):
    offer = TextAreaField(
        _l("Apa yang bisa Anda bantu?"),
        filters=[clean_typed_text],
        validators=[
            DataRequired(message=_l("Tulis bantuan yang bisa Anda berikan.")),
            Length(min=20, max=500, message=_l("Tulis 20 sampai 500 karakter.")),
            NO_CONTACT_BEFORE_ACCEPTANCE,
        ],
        description=_l("Misalnya: mengajar membaca, memotret kegiatan, mengangkut buku."),
        render_kw={"maxlength": 500, "rows": 4},
    )
    availability = StringField(
        _l("Kapan Anda bisa?"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Tulis kapan Anda bisa membantu.")),
            Length(max=200, message=_l("Paling panjang 200 karakter.")),
            NO_CONTACT_BEFORE_ACCEPTANCE,
        ],
        description=_l("Misalnya: Sabtu pagi, mulai Januari."),
    )
