"""The forms of a partnership space. Contact details are fine in every text here: the partners
already exchanged them when the request was accepted."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.offline import IDEMPOTENCY_KEY
from webapp.spaces import agreement, health
from webapp.text import clean_line, clean_typed_text

LONG = 4000
MESSAGE_LENGTH = 4000
TOO_LONG = _l("Paling panjang %(max)d karakter.")
INCOMPLETE = _l("Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.")


def _text(label, max_length=LONG, required=False, message=None):
    validators = [Length(max=max_length, message=TOO_LONG)]
    if required:
        validators.insert(0, DataRequired(message=message))
    return TextAreaField(label, default="", filters=[clean_typed_text], validators=validators)


class VersionedForm(FlaskForm):
    # The partnership's version when the form was loaded (webapp.versioning).
    version = HiddenField()


class WhoForm(VersionedForm):
    representative = StringField(
        agreement.FIELD_LABELS_WHO["representative"], filters=[clean_line],
        validators=[Length(max=120, message=TOO_LONG)],
    )
    brings = _text(_l("Yang kami bawa ke kemitraan"), 2000)
    wants = _text(_l("Yang kami harapkan dari kemitraan"), 2000)


class WhyForm(VersionedForm):
    shared_goal = _text(agreement.FIELD_LABELS["shared_goal"], required=True,
                        message=_l("Tulis tujuan bersama."))
    objectives = _text(agreement.FIELD_LABELS["objectives"])
    principles = _text(agreement.FIELD_LABELS["principles"])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WhatForm(VersionedForm):
    activities = _text(agreement.FIELD_LABELS["activities"])
    program_ids = MultiCheckboxField(agreement.FIELD_LABELS["program_ids"], coerce=int, validate_choice=True)
    work_plan = _text(agreement.FIELD_LABELS["work_plan"])
    resources = _text(agreement.FIELD_LABELS["resources"])
    roles = _text(agreement.FIELD_LABELS["roles"])
    indicators = _text(agreement.FIELD_LABELS["indicators"])

    def __init__(self, programs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.program_ids.choices = [(p.id, f"{p.title} ({p.community.name})") for p in programs]


class HowForm(VersionedForm):
    decisions = _text(agreement.FIELD_LABELS["decisions"])
    communication = _text(agreement.FIELD_LABELS["communication"])
    disagreements = _text(agreement.FIELD_LABELS["disagreements"])
    confidentiality = _text(agreement.FIELD_LABELS["confidentiality"])
    review_on = DateField(agreement.FIELD_LABELS["review_on"], validators=[Optional()],
                          render_kw={"type": "date"})
    leaving = _text(agreement.FIELD_LABELS["leaving"])


PART_FORMS = {"siapa": WhoForm, "mengapa": WhyForm, "apa": WhatForm, "bagaimana": HowForm}


class AcknowledgeForm(FlaskForm):
    number = HiddenField(validators=[DataRequired(message=INCOMPLETE), Regexp(r"^\d{1,6}$", message=INCOMPLETE)])


class ScorecardForm(VersionedForm):
    pass


for _key, _label in agreement.INGREDIENTS:
    setattr(ScorecardForm, _key, SelectField(_label, choices=agreement.RATINGS, default=""))


class HealthForm(FlaskForm):
    """One radio group (and an optional comment) per statement: `<key>` and `<key>_comment`."""


_COLOURS = [("green", _l("Hijau")), ("amber", _l("Kuning")), ("red", _l("Merah"))]
for _key, _group, _text_label in health.STATEMENTS:
    setattr(HealthForm, _key, RadioField(
        _text_label, choices=_COLOURS, validators=[DataRequired(message=_l("Pilih salah satu warna."))],
    ))
    setattr(HealthForm, _key + "_comment", StringField(
        _l("Komentar (boleh kosong)"), filters=[clean_line], validators=[Length(max=300, message=TOO_LONG)],
    ))


class ImprovementForm(FlaskForm):
    text = StringField(_l("Perbaikan"), filters=[clean_line], validators=[
        DataRequired(message=_l("Tulis apa yang akan diperbaiki.")), Length(max=300, message=TOO_LONG)])
    owner = StringField(_l("Penanggung jawab"), filters=[clean_line], validators=[
        DataRequired(message=_l("Tulis siapa yang mengerjakannya.")), Length(max=120, message=TOO_LONG)])
    due_on = DateField(_l("Tanggal selesai"), validators=[DataRequired(message=_l("Pilih tanggal."))],
                       render_kw={"type": "date"})


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Pesan"), filters=[clean_typed_text], validators=[
        DataRequired(message=_l("Tulis pesannya dulu.")), Length(max=MESSAGE_LENGTH, message=TOO_LONG)])
    # A fresh key per form shown, so a double tap or a resent form is one message.
    key = HiddenField(validators=[DataRequired(message=INCOMPLETE),
                                  Regexp(IDEMPOTENCY_KEY.pattern + "$", message=INCOMPLETE)])


class InvitePartnerForm(FlaskForm):
    community = StringField(_l("Alamat profil komunitas"), filters=[clean_line], validators=[
        DataRequired(message=_l("Tulis alamat profil komunitas yang diundang.")), Length(max=300, message=TOO_LONG)])


class BrokerForm(FlaskForm):
    email = EmailField(_l("E-mail fasilitator"), filters=[clean_line], validators=[
        DataRequired(message=_l("Tulis e-mail fasilitator.")), Length(max=254, message=TOO_LONG)])


class ClosingForm(FlaskForm):
    note = _text(_l("Catatan penutup dari komunitas Anda"), 2000, required=True,
                 message=_l("Tulis catatan penutup: apa yang dicapai dan apa yang dipelajari."))
