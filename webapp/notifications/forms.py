"""The e-mail choices form; validators speak Indonesian (WTForms has no translation)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from webapp.coordination.forms import MultiCheckboxField


class EmailChoicesForm(FlaskForm):
    email = MultiCheckboxField(
        _l("Kirim e-mail untuk"),
        name="email",
        invalid_value_message=_l("Pilihan tidak dikenal."),
        invalid_choice_message=_l("Pilihan tidak dikenal."),
    )

    def __init__(self, kinds, *args, **kwargs):
        """`kinds`: {kind: label} of the kinds the person may choose e-mail for."""
        super().__init__(*args, **kwargs)
        self.email.choices = list(kinds.items())
