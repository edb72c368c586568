"""Forms of the admin area; every validator speaks Indonesian (WTForms has no translation)."""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from webapp.extensions import db
from webapp.models import Category
from webapp.text import clean_line
from webapp.validators import NoContactDetails

# Lower-case words joined by single hyphens: the slug ends up in URLs (/komunitas?fokus=air-bersih).
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z"


class CategoryForm(FlaskForm):
    """The names of a category; its slug is fixed once made, because links carry it."""

    name = StringField(
        _l("Nama"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama wajib diisi.")),
            Length(max=80, message=_l("Nama paling panjang 80 karakter.")),
            NoContactDetails(),
        ],
    )
    name_en = StringField(
        _l("Nama dalam bahasa Inggris"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Nama dalam bahasa Inggris wajib diisi.")),
            Length(max=80, message=_l("Nama dalam bahasa Inggris paling panjang 80 karakter.")),
            NoContactDetails(),
        ],
    )

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        # The category being renamed (None for a new one) may keep its own names.
        self.category = obj

    def _name_taken(self, column, value):
        """True when another category already has this name, ignoring case and spaces. Compared
        in Python: the table is small, and SQLite's lower() knows only ASCII."""
        wanted = value.strip().casefold()
        query = sa.select(getattr(Category, column))
        if self.category is not None:
            query = query.where(Category.id != self.category.id)
        return any(name.strip().casefold() == wanted for name in db.session.scalars(query))

    def validate_name(self, field):
        if not field.errors and self._name_taken("name", field.data):
            raise ValidationError(_("Sudah ada kategori bernama %(name)s. Pakai nama lain.", name=field.data))

    def validate_name_en(self, field):
        if not field.errors and self._name_taken("name_en", field.data):
            raise ValidationError(
                _("Sudah ada kategori dengan nama Inggris %(name)s. Pakai nama lain.", name=field.data)
            )


class NewCategoryForm(CategoryForm):
    slug = StringField(
        _l("Slug (untuk alamat halaman)"),
        filters=[clean_line],
        validators=[
            DataRequired(message=_l("Slug wajib diisi.")),
            Length(max=40, message=_l("Slug paling panjang 40 karakter.")),
            Regexp(
                SLUG_PATTERN,
                message=_l("Slug hanya boleh berisi huruf kecil a-z, angka, dan tanda hubung, mis. air-bersih."),
            ),
        ],
    )

    def validate_slug(self, field):
        # A malformed slug already has its message; there is nothing to look up.
        if not field.errors and db.session.scalar(
            sa.select(Category.id).where(Category.slug == field.data)
        ):
            raise ValidationError(_l("Slug ini sudah dipakai kategori lain."))
