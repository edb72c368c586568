"""Forms of Data saya: correcting one's name, and deleting the account; the validators speak
Indonesian (WTForms has no translation)."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.text import clean_line


class CorrectionForm(FlaskForm):
    """Correct one's name. The e-mail address changes on the account page, where the new address
    must be confirmed before it counts (one way to change it)."""

    name = StringField(
        _l("Nama"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama wajib diisi.")),
            Length(max=120, message=_l("Nama paling panjang 120 karakter.")),
        ],
        render_kw={"autocomplete": "name"},
    )


class DeleteAccountForm(FlaskForm):
    """Deleting the account is confirmed with the password: it cannot be undone."""

    password = PasswordField(
        _l("Kata sandi Anda"),
        validators=[DataRequired(message=_l("Masukkan kata sandi Anda untuk menghapus akun."))],
        render_kw={"autocomplete": "current-password"},
    )

    def validate_password(self, field):
        if not current_user.check_password(field.data):
            raise ValidationError(_l("Kata sandi salah."))
