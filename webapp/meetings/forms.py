"""Forms of the meetings area: organising a meeting, the door's typed code, the report.

Times are typed as the place's own clock shows them (WIB, WITA or WIT, from the province);
the service turns them into UTC.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from webapp.coordination.forms import (
    check_regency_in_province,
    complete_web_address,
    empty_to_none,
    web_address,
)
from webapp.meetings.codes import CODE_PATTERN, is_token, normalise_code
from webapp.offline import IDEMPOTENCY_KEY
from webapp.regions import find_district
from webapp.text import clean_line, clean_typed_text
from webapp.validators import NoContactDetails

MAX_CAPACITY = 10_000
TIME_MESSAGE = _l("Waktu tidak valid; tulis seperti 2026-12-05 09:00.")
STALE_FORM = _l("Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.")


class MeetingForm(FlaskForm):
    """A meeting: what, when (in the place's clock), where (and/or online), how many, for which course."""

    version = HiddenField()
    title = StringField(
        _l("Judul pertemuan"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Judul pertemuan wajib diisi.")),
            Length(max=160, message=_l("Judul paling panjang 160 karakter.")),
            NoContactDetails(),
        ],
    )
    description = TextAreaField(
        _l("Keterangan"),
        filters=[clean_typed_text],
        validators=[Length(max=4000, message=_l("Keterangan paling panjang 4000 karakter.")), NoContactDetails()],
    )
    course_id = SelectField(
        _l("Kursus yang dipelajari bersama"),
        name="kursus",
        coerce=int,
        invalid_value_message=_l("Kursus tidak dikenal."),
        invalid_choice_message=_l("Kursus tidak dikenal."),
    )
    counts_toward_certificate = BooleanField(_l("Kehadiran dihitung untuk sertifikat kursus"))
    starts_at = DateTimeLocalField(
        _l("Mulai"), validators=[DataRequired(message=TIME_MESSAGE)], invalid_value_message=TIME_MESSAGE
    )
    ends_at = DateTimeLocalField(
        _l("Selesai"), validators=[DataRequired(message=TIME_MESSAGE)], invalid_value_message=TIME_MESSAGE
    )
    province = SelectField(
        _l("Provinsi"),
        name="provinsi",
        validators=[DataRequired(message=_l("Pilih provinsi."))],
        invalid_value_message=_l("Provinsi tidak dikenal."),
        invalid_choice_message=_l("Provinsi tidak dikenal."),
    )
    regency_code = StringField(_l("Kode kabupaten/kota"), name="kabupaten", filters=[clean_line, empty_to_none])
    district_code = StringField(_l("Kode kecamatan"), name="kecamatan", filters=[clean_line, empty_to_none])
    address = StringField(
        _l("Alamat"),
        filters=[clean_line],
        validators=[Length(max=300, message=_l("Alamat paling panjang 300 karakter."))],
    )
    latitude = DecimalField(
        _l("Garis lintang (opsional)"),
        places=None,
        validators=[Optional(), NumberRange(min=-12, max=7, message=_l("Garis lintang Indonesia antara -12 dan 7."))],
        invalid_value_message=_l("Tulis angka, mis. -6.9147."),
    )
    longitude = DecimalField(
        _l("Garis bujur (opsional)"),
        places=None,
        validators=[Optional(), NumberRange(min=94, max=142, message=_l("Garis bujur Indonesia antara 94 dan 142."))],
        invalid_value_message=_l("Tulis angka, mis. 107.6098."),
    )
    online_url = StringField(
        _l("Tautan pertemuan daring"),
        filters=[clean_line, complete_web_address],
        validators=[Length(max=500, message=_l("Tautan paling panjang 500 karakter.")), web_address],
    )
    capacity = IntegerField(
        _l("Kapasitas (orang)"),
        validators=[
            InputRequired(message=_l("Tulis berapa orang yang bisa ikut.")),
            NumberRange(min=1, max=MAX_CAPACITY, message=_l("Kapasitas antara 1 dan 10.000 orang.")),
        ],
        invalid_value_message=_l("Tulis jumlah orang sebagai angka."),
    )
    registration_closes_at = DateTimeLocalField(
        _l("Pendaftaran ditutup (opsional)"), validators=[Optional()], invalid_value_message=TIME_MESSAGE
    )

    def validate_regency_code(self, field):
        if field.data:
            check_regency_in_province(field.data, self.province.data)

    def validate_district_code(self, field):
        district = find_district(field.data) if field.data else None
        if field.data and (district is None or district.regency_code != self.regency_code.data):
            raise ValidationError(_l("Kecamatan ini tidak ada di kabupaten/kota yang dipilih."))

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("Waktu selesai harus setelah waktu mulai."))

    def validate_address(self, field):
        if not field.data and not self.online_url.data:
            raise ValidationError(_l("Tulis alamat tempat, tautan daring, atau keduanya."))

    def validate_registration_closes_at(self, field):
        if field.data and self.starts_at.data and field.data > self.starts_at.data:
            raise ValidationError(_l("Pendaftaran harus ditutup sebelum pertemuan mulai."))


class CheckInForm(FlaskForm):
    """The door without JavaScript: a typed ticket code, or the name of someone who just came."""

    key = HiddenField(validators=[DataRequired(message=STALE_FORM), Regexp(IDEMPOTENCY_KEY.pattern + "$", message=STALE_FORM)])
    # The 8-character code, or the text of the QR itself (a scanner app's result, pasted).
    code = StringField(_l("Kode tiket"), name="kode", filters=[clean_line, normalise_code])
    walk_in_name = StringField(
        _l("Atau nama peserta tanpa tiket"),
        name="nama",
        filters=[clean_line],
        validators=[Length(max=120, message=_l("Nama paling panjang 120 karakter."))],
    )

    def validate_code(self, field):
        if field.data and not (is_token(field.data) or CODE_PATTERN.fullmatch(field.data)):
            raise ValidationError(_l("Kode tiket terdiri dari 8 huruf dan angka."))

    def validate_walk_in_name(self, field):
        if not field.data and not self.code.data:
            raise ValidationError(_l("Tulis kode tiket atau nama peserta."))


class ReportForm(FlaskForm):
    report = TextAreaField(
        _l("Laporan singkat"),
        filters=[clean_typed_text],
        validators=[
            DataRequired(message=_l("Tulis laporan singkat pertemuan ini.")),
            Length(max=4000, message=_l("Laporan paling panjang 4000 karakter.")),
            NoContactDetails(),
        ],
    )
