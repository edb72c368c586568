"""Forms of Data saya: correcting one's name and e-mail, and deleting the account; the
validators speak Indonesian (WTForms has no translation)."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.accounts.forms import EMAIL_TAKEN, email_field
from webapp.accounts.services import find_user_by_email
from webapp.text import clean_line

WRONG_PASSWORD = _l("Kata sandi salah.")


class CorrectionForm(FlaskForm):
    """Correct one's name, and one's e-mail knowing the password (a borrowed phone is not enough
    to move someone's account to another address)."""

    name = StringField(
        _l("Nama"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama wajib diisi.")),
            Length(max=120, message=_l("Nama paling panjang 120 karakter.")),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = email_field(_l("Email"))
    password = PasswordField(
        _l("Kata sandi"),
        description=_l("Hanya perlu bila Anda mengganti email."),
        render_kw={"autocomplete": "current-password"},
    )

    def email_changed(self):
        return (self.email.data or "").lower() != current_user.email.lower()

    def validate_email(self, field):
        if not field.errors and self.email_changed() and find_user_by_email(field.data) is not None:
            raise ValidationError(EMAIL_TAKEN)

    def validate_password(self, field):
        if self.email_changed() and not current_user.check_password(field.data or ""):
            raise ValidationError(_l("Untuk mengganti email, masukkan kata sandi Anda.") if not field.data else WRONG_PASSWORD)


class DeleteAccountForm(FlaskForm):
    """Deleting the account is confirmed with the password: it cannot be undone."""

    password = PasswordField(
        _l("Kata sandi Anda"),
        validators=[DataRequired(message=_l("Masukkan kata sandi Anda untuk menghapus akun."))],
        render_kw={"autocomplete": "current-password"},
    )

    def validate_password(self, field):
        if not current_user.check_password(field.data):
            raise ValidationError(WRONG_PASSWORD)
