"""Form validators more than one area needs."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from webapp.text import has_contact_details

PUBLIC_TEXT = _l(
    "Jangan tulis nomor telepon atau alamat e-mail di sini, juga tidak dengan kata "
    "(“nol delapan …”, “nama [at] gmail”): teks ini bisa dibaca siapa saja. Kontak "
    "dibagikan hanya kepada orang yang Anda terima."
)


class NoContactDetails:
    """Refuses a phone number or e-mail address, plain or spelled out, in text others read.

    Every public text (profiles, programs, campaigns, courses, lessons) and every text sent
    before contacts are shared (partnership and contact requests) uses this one check, so a
    number cannot slip through one form that another refuses. `message` says where contacts
    are shared instead, when the form has a better answer than the general one.
    """

    def __init__(self, message=None):
        self.message = message or PUBLIC_TEXT

    def __call__(self, form, field):
        if has_contact_details(field.data):
            raise ValidationError(self.message)
