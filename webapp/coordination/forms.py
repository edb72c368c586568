"""Forms of the coordination area: a community's profile and logo, programs, campaigns, coordinators.

WTForms has no Indonesian messages, so every validator and every field that can refuse a value
(numbers, dates, choices) is given its own message.
"""

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.accounts.forms import EmailAddress
from webapp.models import Category, ProgramStatus, PublicName
from webapp.programs.labels import RESOURCE_LABELS
from webapp.regions import find_district, find_regency, is_regency_code, provinces_by_name
from webapp.text import clean_line, clean_typed_text
from webapp.validators import NoContactDetails

MAX_MEMBERS = 10_000_000


def instagram_url(value):
    """People write their Instagram as '@name'; keep it as the link it stands for (a stored
    '@rumah.baca' would read as a web address elsewhere)."""
    if value and re.fullmatch(r"@?[A-Za-z0-9._]{1,30}", value):
        return "https://www.instagram.com/" + value.lstrip("@")
    return complete_web_address(value)


def complete_web_address(value):
    """'rumahbaca.id' is what people type for a website: it becomes 'https://rumahbaca.id'.
    Anything with a scheme of its own (javascript:, mailto:) is left for web_address to refuse."""
    if value and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) and "." in value.split("/")[0]:
        return "https://" + value.lstrip("/")
    return value


def web_address(form, field):
    """Only http(s) links with a host: no javascript:, data: or mailto: in a profile link."""
    if not field.data:
        return
    try:
        parts = urlsplit(field.data)
    except ValueError:  # e.g. "http://[" is not even parseable
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in field.data)
    ):
        raise ValidationError(_l("Tulis alamat web, mis. rumahbaca.id atau https://rumahbaca.id."))


def check_regency_in_province(code, province_code):
    """The kabupaten/kota must exist and be one of the chosen province's."""
    regency = find_regency(code)
    if regency is None:
        raise ValidationError(_l("Kabupaten/kota tidak dikenal."))
    if regency.province_code != province_code:
        raise ValidationError(
            _l("Kabupaten/kota ini tidak ada di provinsi yang dipilih. Pilih lagi dari daftar.")
        )


def empty_to_none(value):
    """An optional code left empty is stored as NULL, not as an empty string."""
    return value or None


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (by the `checkboxes` macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __iter__(self):
        # Each checkbox inherits the field's validators; a `required` on every one of them
        # would make the browser insist on ticking all, when one is enough.
        for option in super().__iter__():
            option.flags.required = False
            yield option


def optional_email_field(label):
    return EmailField(
        label,
        filters=[clean_line],
        validators=[
            Optional(),
            Length(max=254, message=_l("E-mail paling panjang 254 karakter.")),
            EmailAddress(message=_l("Alamat e-mail tidak valid.")),
        ],
    )


class CommunityForm(FlaskForm):
    """Registering a community; its coordinators edit the same fields later."""

    name = StringField(
        _l("Nama komunitas"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama wajib diisi.")),
            Length(max=120, message=_l("Nama paling panjang 120 karakter.")),
            NoContactDetails(),
        ],
    )
    headline = StringField(
        _l("Dikenal karena"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Tulis satu kalimat tentang apa yang komunitas ini kerjakan.")),
            Length(max=160, message=_l("Paling panjang 160 karakter.")),
            NoContactDetails(),
        ],
    )
    vision = TextAreaField(
        _l("Visi"),
        filters=[clean_typed_text],
        validators=[Length(max=2000, message=_l("Visi paling panjang 2000 karakter.")), NoContactDetails()],
    )
    mission = TextAreaField(
        _l("Misi"),
        filters=[clean_typed_text],
        validators=[Length(max=4000, message=_l("Misi paling panjang 4000 karakter.")), NoContactDetails()],
    )
    categories = MultiCheckboxField(
        _l("Fokus"),
        coerce=int,
        # InputRequired, not DataRequired: that one would hide "unknown choice" behind "pick one".
        validators=[InputRequired(message=_l("Pilih paling sedikit satu fokus."))],
        invalid_value_message=_l("Pilihan fokus tidak dikenal."),
        invalid_choice_message=_l("Pilihan fokus tidak dikenal."),
    )
    # Named in Indonesian on the wire: the htmx request for the kabupaten options sends this
    # select's value under its name, as /kelola/wilayah/kabupaten?provinsi=32.
    province = SelectField(
        _l("Provinsi"),
        name="provinsi",
        validators=[DataRequired(message=_l("Pilih provinsi."))],
        invalid_value_message=_l("Provinsi tidak dikenal."),
        invalid_choice_message=_l("Provinsi tidak dikenal."),
    )
    # Rendered by hand (templates/coordination/_regency_options.html) and checked here.
    regency = StringField(
        _l("Kabupaten/kota"),
        name="kabupaten",
        filters=[clean_line],
        validators=[DataRequired(message=_l("Pilih kabupaten/kota."))],
    )
    founded_year = IntegerField(
        _l("Tahun berdiri"),
        validators=[Optional()],
        invalid_value_message=_l("Tahun berdiri ditulis dengan angka, mis. 2015."),
    )
    member_count = IntegerField(
        _l("Jumlah anggota"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_MEMBERS,
                message=_l("Jumlah anggota antara 0 dan 10.000.000."),
            ),
        ],
        invalid_value_message=_l("Jumlah anggota ditulis dengan angka, mis. 25."),
    )
    email = optional_email_field(_l("E-mail"))
    phone = TelField(
        _l("Telepon/WhatsApp"),
        filters=[clean_line],
        validators=[
            Optional(),
            Regexp(
                r"^\+?[0-9][0-9 \-]{5,24}$",
                message=_l("Nomor telepon hanya berisi angka, spasi, tanda hubung dan + di depan."),
            ),
        ],
    )
    # Published to everyone, so it stands apart from the contacts above and must be confirmed
    # as the organisation's own address: a personal one never belongs here.
    public_email = optional_email_field(_l("Alamat resmi untuk publik"))
    public_email_confirmed = BooleanField(
        _l("Ini alamat resmi organisasi, bukan alamat pribadi, dan boleh dilihat siapa saja.")
    )
    website = StringField(
        _l("Situs web"),
        filters=[clean_line, complete_web_address],
        validators=[
            Optional(),
            Length(max=255, message=_l("Alamat paling panjang 255 karakter.")),
            web_address,
        ],
        render_kw={"inputmode": "url", "autocomplete": "url"},
    )
    instagram = StringField(
        _l("Instagram"),
        filters=[clean_line, instagram_url],
        validators=[
            Optional(),
            Length(max=255, message=_l("Alamat paling panjang 255 karakter.")),
            web_address,
        ],
    )
    facebook = StringField(
        _l("Facebook"),
        filters=[clean_line, complete_web_address],
        validators=[
            Optional(),
            Length(max=255, message=_l("Alamat paling panjang 255 karakter.")),
            web_address,
        ],
        render_kw={"inputmode": "url"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Category.in_order()
        self.categories.choices = [(c.id, c.label(str(get_locale()))) for c in categories]
        provinces = provinces_by_name()
        self.province.choices = [("", _("— Pilih provinsi —"))] + [(p.code, p.name) for p in provinces]

    def validate_founded_year(self, field):
        # The upper bound is this year, so it is computed when the form is checked.
        this_year = date.today().year
        if field.data is not None and not 1900 <= field.data <= this_year:
            raise ValidationError(_("Tahun berdiri antara 1900 dan %(year)s.", year=this_year))

    def validate_public_email(self, field):
        """Published only as a deliberate choice, and never an address that is someone's own:
        the contact e-mail (shared by consent) or the account of the person filling the form."""
        if not field.data:
            return
        personal = {self.email.data or "", current_user.email if current_user.is_authenticated else ""}
        if field.data.casefold() in {address.casefold() for address in personal if address}:
            raise ValidationError(
                _l(
                    "Alamat ini pribadi (e-mail kontak atau e-mail akun Anda), jadi tidak "
                    "diterbitkan. Tulis alamat resmi organisasi, atau kosongkan."
                )
            )
        if not self.public_email_confirmed.data:
            raise ValidationError(
                _l("Centang pernyataan di bawah untuk menerbitkan alamat ini, atau kosongkan.")
            )

    def validate_regency(self, field):
        check_regency_in_province(field.data, self.province.data)


class CommunityEditForm(CommunityForm):
    # The version the form was loaded from; a different saved version means a stale edit.
    version = HiddenField()


class LogoForm(FlaskForm):
    logo = FileField(
        _l("Logo"),
        validators=[FileRequired(message=_l("Pilih berkas gambar terlebih dahulu."))],
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The field sits in the profile form, which is saved without a new logo too: only
        # "Unggah logo" needs a file, and the server says so when none was chosen.
        self.logo.flags.required = False


class ProgramForm(FlaskForm):
    """A program as the registry records it: what, for whom, where (down to kecamatan), when,
    and what it seeks and offers. The area is checked against the Kemendagri codes."""

    title = StringField(
        _l("Nama program"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama program wajib diisi.")),
            Length(max=160, message=_l("Nama program paling panjang 160 karakter.")),
            NoContactDetails(),
        ],
    )
    category_id = SelectField(
        _l("Fokus"),
        name="fokus",
        coerce=int,
        validators=[InputRequired(message=_l("Pilih fokus program."))],
        invalid_value_message=_l("Pilihan fokus tidak dikenal."),
        invalid_choice_message=_l("Pilihan fokus tidak dikenal."),
    )
    target_group = StringField(
        _l("Sasaran"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Tulis siapa yang dilayani program ini.")),
            Length(max=160, message=_l("Sasaran paling panjang 160 karakter.")),
            NoContactDetails(),
        ],
    )
    province = SelectField(
        _l("Provinsi"),
        name="provinsi",
        validators=[DataRequired(message=_l("Pilih provinsi."))],
        invalid_value_message=_l("Provinsi tidak dikenal."),
        invalid_choice_message=_l("Provinsi tidak dikenal."),
    )
    # Both rendered by hand as selects (templates/coordination/_program_area.html), checked here.
    regency_code = StringField(
        _l("Kabupaten/kota"),
        name="kabupaten",
        filters=[clean_line],
        validators=[DataRequired(message=_l("Pilih kabupaten/kota."))],
    )
    district_code = StringField(_l("Kecamatan"), name="kecamatan", filters=[clean_line, empty_to_none])
    status = SelectField(
        _l("Status"),
        default=ProgramStatus.RUNNING,
        validators=[DataRequired(message=_l("Pilih status program."))],
        invalid_value_message=_l("Status tidak dikenal."),
        invalid_choice_message=_l("Status tidak dikenal."),
    )
    starts_on = DateField(
        _l("Mulai"),
        validators=[Optional()],
        invalid_value_message=_l("Tanggal tidak valid; tulis seperti 2025-08-17."),
    )
    ends_on = DateField(
        _l("Selesai"),
        validators=[Optional()],
        invalid_value_message=_l("Tanggal tidak valid; tulis seperti 2025-08-17."),
    )
    seeks = MultiCheckboxField(
        _l("Yang dicari"),
        name="mencari",
        invalid_value_message=_l("Pilihan tidak dikenal."),
        invalid_choice_message=_l("Pilihan tidak dikenal."),
    )
    offers = MultiCheckboxField(
        _l("Yang bisa ditawarkan"),
        name="menawarkan",
        invalid_value_message=_l("Pilihan tidak dikenal."),
        invalid_choice_message=_l("Pilihan tidak dikenal."),
    )
    description = TextAreaField(
        _l("Keterangan"),
        default="",
        filters=[clean_typed_text],
        validators=[
            Length(max=5000, message=_l("Keterangan paling panjang 5000 karakter.")),
            NoContactDetails(),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        categories = Category.in_order()
        self.category_id.choices = [(0, _("— Pilih fokus —"))] + [(c.id, c.label(locale)) for c in categories]
        provinces = provinces_by_name()
        self.province.choices = [("", _("— Pilih provinsi —"))] + [(p.code, p.name) for p in provinces]
        self.status.choices = [(status.value, status.label) for status in ProgramStatus]
        self.seeks.choices = list(RESOURCE_LABELS.items())
        self.offers.choices = list(RESOURCE_LABELS.items())
        # A saved program knows its kabupaten; the province follows from the code.
        if not self.province.data and is_regency_code(self.regency_code.data):
            self.province.data = self.regency_code.data[:2]

    def validate_category_id(self, field):
        if not field.data:
            raise ValidationError(_l("Pilih fokus program."))

    def validate_regency_code(self, field):
        check_regency_in_province(field.data, self.province.data)

    def validate_district_code(self, field):
        """A kecamatan is optional, but one that is given must lie in the chosen kabupaten/kota."""
        if field.data is None:
            return
        district = find_district(field.data)
        if district is None:
            raise ValidationError(_l("Kecamatan tidak dikenal."))
        if district.regency_code != self.regency_code.data:
            raise ValidationError(
                _l("Kecamatan ini tidak ada di kabupaten/kota yang dipilih. Pilih lagi dari daftar.")
            )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."))


    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.starts_on.errors or self.ends_on.errors or self.status.errors:
            return valid
        problem = status_date_problem(self.status.data, self.starts_on.data, self.ends_on.data)
        if problem:
            name, message = problem
            self[name].errors.append(message)
            return False
        return valid


def today_in_indonesia():
    """The date in the easternmost time zone (WIT, UTC+9): a program that starts today in
    Papua has started, even while it is still yesterday on the server's clock."""
    return (datetime.now(UTC) + timedelta(hours=9)).date()


def status_date_problem(status, starts_on, ends_on):
    """(field name, message) when the status contradicts the dates, else None: a running
    program has started, a finished one has ended, a planned one has not ended yet."""
    today = today_in_indonesia()
    if status == ProgramStatus.RUNNING and starts_on and starts_on > today:
        return "starts_on", _(
            "Program yang berjalan sudah dimulai: tanggal mulai tidak boleh sesudah hari ini. "
            "Pilih status Direncanakan, atau ubah tanggal mulai."
        )
    if status == ProgramStatus.FINISHED and ends_on is None:
        return "ends_on", _("Program yang selesai perlu tanggal selesai.")
    if status == ProgramStatus.FINISHED and ends_on > today:
        return "ends_on", _(
            "Program yang selesai tidak boleh berakhir sesudah hari ini. "
            "Pilih status Berjalan, atau ubah tanggal selesai."
        )
    if status == ProgramStatus.PLANNED and ends_on and ends_on < today:
        return "ends_on", _(
            "Program yang direncanakan belum berakhir: tanggal selesai tidak boleh sebelum hari ini. "
            "Pilih status Selesai, atau ubah tanggal selesai."
        )
    return None


class ProgramEditForm(ProgramForm):
    version = HiddenField()


class CampaignForm(FlaskForm):
    title = StringField(
        _l("Nama kampanye"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama kampanye wajib diisi.")),
            Length(max=160, message=_l("Nama kampanye paling panjang 160 karakter.")),
            NoContactDetails(),
        ],
    )
    description = TextAreaField(
        _l("Keterangan"),
        default="",
        filters=[clean_typed_text],
        validators=[
            Length(max=5000, message=_l("Keterangan paling panjang 5000 karakter.")),
            NoContactDetails(),
        ],
    )
    starts_on = DateField(
        _l("Mulai"),
        validators=[Optional()],
        invalid_value_message=_l("Tanggal tidak valid; tulis seperti 2025-08-17."),
    )
    ends_on = DateField(
        _l("Selesai"),
        validators=[Optional()],
        invalid_value_message=_l("Tanggal tidak valid; tulis seperti 2025-08-17."),
    )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."))


class CampaignEditForm(CampaignForm):
    version = HiddenField()


class InvitationForm(FlaskForm):
    email = EmailField(
        _l("E-mail orang yang diundang"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("E-mail wajib diisi.")),
            Length(max=254, message=_l("E-mail paling panjang 254 karakter.")),
            EmailAddress(message=_l("Alamat e-mail tidak valid.")),
        ],
    )


class HandOverForm(FlaskForm):
    successor = SelectField(
        _l("Serahkan kepada"),
        coerce=int,
        validators=[DataRequired(message=_l("Pilih koordinator penerus."))],
        invalid_value_message=_l("Pilih salah satu koordinator lain."),
        invalid_choice_message=_l("Pilih salah satu koordinator lain."),
    )

    def __init__(self, others, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.successor.choices = [(user.id, user.name) for user in others]


class PublicNameForm(FlaskForm):
    """How the coordinator filling it appears on the community's public profile; each choice
    reads with the name it would show, so the person sees what others will."""

    public_name = RadioField(
        _l("Di profil publik, tampilkan saya sebagai"),
        name="nama_publik",
        validators=[InputRequired(message=_l("Pilih salah satu."))],
        invalid_value_message=_l("Pilihan tidak dikenal."),
        invalid_choice_message=_l("Pilihan tidak dikenal."),
    )

    def __init__(self, coordinatorship, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.public_name.choices = [
            (choice.value, _("%(label)s: %(name)s", label=choice.label, name=name) if name else choice.label)
            for choice in PublicName
            for name in [coordinatorship.name_in_public(choice)]
        ]

