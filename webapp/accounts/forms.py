"""Forms of the accounts area; every validator speaks Indonesian (WTForms has no translation)."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.accounts.services import PASSWORD_MAX, normalise_email, password_problem
from webapp.demo import DEMO_EMAIL_DOMAIN
from webapp.privacy import RegistrationConsents
from webapp.text import clean_line
from webapp.validators import NoContactDetails


def valid_address(value):
    """True for a well-formed address (no DNS look-up).

    email-validator refuses the reserved .test domain as special-use, which would keep the demo
    people from registering or being invited; only the demo domain is let through that way."""
    try:
        validate_email(value, check_deliverability=False,
                       test_environment=value.lower().endswith("@" + DEMO_EMAIL_DOMAIN))
    except EmailNotValidError:
        return False
    return True


class EmailAddress(Email):
    """WTForms' address check, by `valid_address`."""

    def __call__(self, form, field):
        if not valid_address(field.data or ""):
            raise ValidationError(self.message)


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


class RegisterForm(NewPasswordForm, RegistrationConsents):
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


class ConfirmPasswordForm(FlaskForm):
    """The password once more, before a sensitive change."""

    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(message=_l("Kata sandi wajib diisi."))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()

    def validate_password(self, field):
        if not current_user.check_password(field.data):
            raise ValidationError(_l("Kata sandi salah."))


class ChangeEmailForm(FlaskForm):
    email = email_field(_l("Alamat e-mail baru"))

    def validate_email(self, field):
        if not field.errors and field.data == normalise_email(current_user.email):
            raise ValidationError(_l("Ini alamat e-mail Anda sekarang."))


GROUP_MAX = 40  # people in one list: a village hall's meeting


class GroupRegistrationForm(FlaskForm):
    """A facilitator's list of people at a meeting, one "Nama, email" a line."""

    people = TextAreaField(
        _l("Peserta"),
        validators=[DataRequired(message=_l("Tulis paling sedikit satu peserta."))],
        description=_l("Satu orang per baris: nama, koma, lalu alamat e-mail. Contoh: Siti Aminah, siti@contoh.id"),
        render_kw={"rows": 8},
    )

    def validate_people(self, field):
        """Every line a name and a valid address; the parsed list goes to `self.entries`."""
        entries, problems, seen = [], [], set()
        lines = [line for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > GROUP_MAX:
            raise ValidationError(_l("Paling banyak %(n)s orang sekali kirim.", n=GROUP_MAX))
        for number, line in enumerate(lines, start=1):
            name, _comma, email = line.rpartition(",")
            name, email = clean_line(name), normalise_email(email)
            if not name or len(name) > 120 or len(email) > 254 or not valid_address(email):
                problems.append(_l("Baris %(n)s: tulis nama, koma, lalu alamat e-mail yang benar.", n=number))
                continue
            if email not in seen:
                seen.add(email)
                entries.append((name, email))
        if problems:
            raise ValidationError(" ".join(str(p) for p in problems))
        self.entries = entries
