"""Forms of the lesson editor: courses, lessons, the preview, lesson pictures and quizzes.

WTForms has no Indonesian messages, so every validator and every field that can refuse a value
is given its own message. A course's or lesson's slug is made once from its title, when it is
created, so the public address stays the same after later edits.
"""


import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.authoring.services import slug_from
from webapp.extensions import db
from webapp.models import Course, Lesson, MasteryRule, QuestionKind
from webapp.quizzes.services import ChoiceText
from webapp.text import clean_line, clean_typed_text
from webapp.validators import NoContactDetails

TITLE_MAX = 160
COURSE_SUMMARY_MAX = 1000
LESSON_SUMMARY_MAX = 300
BODY_MAX = 60_000
LAST_POSITION = 9999
def position_in_range(form, field):
    # An unreadable number already has its message (invalid_value_message); say it once.
    if field.data is not None and not 1 <= field.data <= LAST_POSITION:
        raise ValidationError(_l("Urutan antara 1 dan %(last)s.", last=LAST_POSITION))


def position_field():
    return IntegerField(
        _l("Urutan"),
        validators=[Optional(), position_in_range],
        invalid_value_message=_l("Urutan ditulis dengan angka bulat, mis. 3."),
    )


def title_field(label, required_message):
    return StringField(
        label,
        filters=[clean_line],
        validators=[
            DataRequired(message=required_message),
            Length(max=TITLE_MAX, message=_l("Judul paling panjang 160 karakter.")),
            NoContactDetails(),
        ],
    )


class CourseForm(FlaskForm):
    """A new course; its slug comes from the title and must not be taken."""

    title = title_field(_l("Judul kursus"), _l("Judul kursus wajib diisi."))
    summary = TextAreaField(
        _l("Ringkasan"),
        default="",
        filters=[clean_typed_text],
        validators=[
            Length(max=COURSE_SUMMARY_MAX, message=_l("Ringkasan paling panjang 1000 karakter.")),
            NoContactDetails(),
        ],
    )
    position = position_field()
    published = BooleanField(_l("Terbitkan: semua orang bisa membaca kursus ini"))

    def validate_title(self, field):
        slug = slug_from(field.data, "kursus")
        if db.session.scalar(sa.select(Course.id).where(Course.slug == slug)) is not None:
            raise ValidationError(
                _("Sudah ada kursus dengan alamat /belajar/%(slug)s. Pilih judul lain.", slug=slug)
            )


class CourseEditForm(CourseForm):
    # The version the form was loaded from; a different saved version means a stale edit.
    version = HiddenField()

    def validate_title(self, field):
        """The slug was made at creation and does not follow the title."""


class LessonForm(FlaskForm):
    """A new lesson of `course`; its slug comes from the title and must be free in the course."""

    title = title_field(_l("Judul pelajaran"), _l("Judul pelajaran wajib diisi."))
    summary = StringField(
        _l("Ringkasan"),
        default="",
        filters=[clean_line],
        validators=[
            Length(max=LESSON_SUMMARY_MAX, message=_l("Ringkasan paling panjang 300 karakter.")),
            NoContactDetails(),
        ],
    )
    body = TextAreaField(
        _l("Isi pelajaran (Markdown)"),
        default="",
        filters=[clean_typed_text],
        validators=[
            DataRequired(message=_l("Isi pelajaran wajib diisi.")),
            Length(max=BODY_MAX, message=_l("Isi pelajaran paling panjang 60.000 karakter.")),
            # Links are welcome in a lesson; a phone number or e-mail is not.
            NoContactDetails(),
        ],
        render_kw={"rows": 18},
    )
    position = position_field()
    published = BooleanField(_l("Terbitkan: semua orang bisa membaca pelajaran ini"))

    def __init__(self, course, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course

    def validate_title(self, field):
        slug = slug_from(field.data, "pelajaran")
        taken = db.session.scalar(
            sa.select(Lesson.id).where(Lesson.course_id == self.course.id, Lesson.slug == slug)
        )
        if taken is not None:
            raise ValidationError(
                _("Kursus ini sudah punya pelajaran dengan alamat …/%(slug)s. Pilih judul lain.", slug=slug)
            )


class LessonEditForm(LessonForm):
    version = HiddenField()

    def validate_title(self, field):
        """The slug was made at creation and does not follow the title."""


class PreviewForm(FlaskForm):
    """Only the body, from whichever lesson form the preview request comes."""

    body = TextAreaField(
        filters=[clean_typed_text],
        validators=[Length(max=BODY_MAX, message=_l("Isi pelajaran paling panjang 60.000 karakter."))],
    )


class LessonImageForm(FlaskForm):
    picture = FileField(
        _l("Gambar untuk pelajaran"),
        name="gambar",
        validators=[FileRequired(message=_l("Pilih berkas gambar terlebih dahulu."))],
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"},
    )


# ---- Quizzes ----------------------------------------------------------------------------------

CHOICE_SLOTS = 5
QUESTION_MAX = 5000


class QuizForm(FlaskForm):
    """A quiz's title and mastery rule: "m benar dari n terakhir" or "semua benar"."""

    title = title_field(_l("Judul kuis"), _l("Judul kuis wajib diisi."))
    rule = SelectField(_l("Aturan tuntas"), choices=[(rule.value, rule.label) for rule in MasteryRule],
                       invalid_choice_message=_l("Aturan tidak dikenal."))
    needed = IntegerField(
        _l("Jumlah jawaban benar yang diperlukan (m)"), default=3,
        validators=[InputRequired(message=_l("Isi dengan angka.")),
                    NumberRange(min=1, max=20, message=_l("Antara 1 dan 20."))],
        invalid_value_message=_l("Isi dengan angka bulat."),
    )
    window = IntegerField(
        _l("Dari berapa jawaban pertama terakhir (n)"), default=5,
        validators=[InputRequired(message=_l("Isi dengan angka.")),
                    NumberRange(min=1, max=20, message=_l("Antara 1 dan 20."))],
        invalid_value_message=_l("Isi dengan angka bulat."),
    )

    def validate_needed(self, field):
        if self.window.data is not None and field.data is not None and field.data > self.window.data:
            raise ValidationError(_l("m tidak boleh lebih besar dari n."))


class ChoiceForm(Form):
    text = StringField(_l("Pilihan"), filters=[clean_line],
                       validators=[Length(max=500, message=_l("Pilihan paling panjang 500 karakter.")),
                                   NoContactDetails()])
    correct = BooleanField(_l("Benar"))
    feedback = StringField(_l("Umpan balik bila dipilih"), filters=[clean_line],
                           validators=[Length(max=500, message=_l("Umpan balik paling panjang 500 karakter.")),
                                       NoContactDetails()])


class QuestionForm(FlaskForm):
    """A question: its kind, Markdown text, explanation, and up to five choices (empty ones are left out)."""

    kind = SelectField(_l("Jenis soal"), choices=[(kind.value, kind.label) for kind in QuestionKind],
                       invalid_choice_message=_l("Jenis soal tidak dikenal."))
    text = TextAreaField(
        _l("Soal (Markdown)"), filters=[clean_typed_text], render_kw={"rows": 4},
        validators=[DataRequired(message=_l("Soal wajib diisi.")),
                    Length(max=QUESTION_MAX, message=_l("Soal paling panjang 5000 karakter.")),
                    NoContactDetails()],
    )
    explanation = TextAreaField(
        _l("Penjelasan (tampil setelah menjawab latihan)"), filters=[clean_typed_text], default="",
        validators=[Length(max=QUESTION_MAX, message=_l("Penjelasan paling panjang 5000 karakter.")),
                    NoContactDetails()],
        render_kw={"rows": 3},
    )
    choices = FieldList(FormField(ChoiceForm), min_entries=CHOICE_SLOTS, max_entries=CHOICE_SLOTS)

    def filled_choices(self):
        return [ChoiceText(c.text.data, c.correct.data, c.feedback.data or "")
                for c in self.choices if c.text.data]
