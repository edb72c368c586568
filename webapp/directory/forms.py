"""The directory's filter form: read from the query string, so it needs no CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField

from webapp.directory.services import MAX_QUERY_LENGTH
from webapp.widgets import Select


class DirectoryFilterForm(FlaskForm):
    """Search words and the three filters; the view fills the choices and drops unknown codes."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Cari nama, program, atau kata kunci"),
        render_kw={"maxlength": MAX_QUERY_LENGTH, "autocomplete": "off", "enterkeyhint": "search"},
    )
    # Unknown or stale codes (a kabupaten of another province) are ignored rather than
    # reported: they come from old links and from changing the province, not from typing.
    fokus = SelectField(_l("Fokus"), validate_choice=False, widget=Select())
    provinsi = SelectField(_l("Provinsi"), validate_choice=False, widget=Select())
    kabupaten = SelectField(_l("Kabupaten/kota"), validate_choice=False, widget=Select())
