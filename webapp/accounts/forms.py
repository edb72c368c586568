"""Forms of the accounts area; every validator speaks Indonesian (WTForms has no translation)."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.accounts.services import PASSWORD_MAX, find_user_by_email, normalise_email, password_problem
from webapp.demo import DEMO_EMAIL_DOMAIN
from webapp.text import clean_line
from webapp.validators import NoContactDetails

EMAIL_TAKEN = _l("Email ini sudah terdaftar. Silakan masuk, atau atur ulang kata sandi Anda.")


class EmailAddress(Email):
    """WTForms' address check (no DNS look-up), which also lets the demo people's addresses
    through: email-validator refuses the reserved .test domain as special-use, so demo
    coordinators could neither register nor invite each other. Only the demo domain is let
    through; every other address is checked as before."""

    def __call__(self, form, field):
        value = field.data or ""
        if value.lower().endswith("@" + DEMO_EMAIL_DOMAIN):
            try:
                validate_email(value, check_deliverability=False, test_environment=True)
            except EmailNotValidError:
                raise ValidationError(self.message) from None
            return
        super().__call__(form, field)


def email_field(label):
    return EmailField(
        label,
        filters=[normalise_email],
        validators=[
            DataRequired(message=_l("Email wajib diisi.")),
            Length(max=254, message=_l("Email paling panjang 254 karakter.")),
            EmailAddress(message=_l("Masukkan alamat email yang benar, mis. nama@contoh.id.")),
        ],
        render_kw={"autocomplete": "email"},
    )


class NewPasswordForm(FlaskForm):
    """A new password typed twice: the reset form, and the base of registration and change."""

    password = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(message=_l("Kata sandi wajib diisi.")),
            Length(max=PASSWORD_MAX, message=_l("Kata sandi paling panjang 128 karakter.")),
        ],
        description=_l("Minimal 12 karakter. Paling mudah diingat: tiga atau empat kata acak."),
        render_kw={"autocomplete": "new-password", "minlength": 12},
    )
    password_confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(message=_l("Ulangi kata sandi Anda.")),
            EqualTo("password", message=_l("Kedua kata sandi tidak sama.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


    # The account the password is for, when the form alone does not say (a reset link).
    person = None

    def personal_words(self):
        """What a guesser knows about the person: their name and e-mail address."""
        person = self.person or (current_user if current_user.is_authenticated else None)
        return (person.name, person.email) if person else ()

    def validate_password(self, field):
        problem = password_problem(field.data or "", *self.personal_words())
        if problem:
            raise ValidationError(problem)


class RegisterForm(NewPasswordForm):
    name = StringField(
        _l("Nama"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama wajib diisi.")),
            Length(max=120, message=_l("Nama paling panjang 120 karakter.")),
            # A coordinator's name is shown on the community's public profile.
            NoContactDetails(),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = email_field(_l("Email"))
    next = HiddenField()

    def personal_words(self):
        return self.name.data, self.email.data

    def validate_email(self, field):
        # A malformed address already has its message; there is nothing to look up.
        if not field.errors and find_user_by_email(field.data) is not None:
            raise ValidationError(EMAIL_TAKEN)


class LoginForm(FlaskForm):
    # No format check on the address: a wrong one gets the same generic answer as a wrong password.
    email = EmailField(
        _l("Email"),
        filters=[normalise_email],
        validators=[DataRequired(message=_l("Email wajib diisi."))],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(message=_l("Kata sandi wajib diisi."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Ingat saya di perangkat ini"))
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = email_field(_l("Email akun Anda"))


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Kata sandi sekarang"),
        validators=[DataRequired(message=_l("Kata sandi sekarang wajib diisi."))],
        render_kw={"autocomplete": "current-password"},
    )

    def validate_current_password(self, field):
        if not current_user.check_password(field.data):
            raise ValidationError(_l("Kata sandi sekarang salah."))
