"""The one form of the learning area: "I finished this lesson", which also works without JavaScript."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Regexp

from webapp.offline import IDEMPOTENCY_KEY


class MarkDoneForm(FlaskForm):
    # A fresh key per form shown, so a double tap or a resent form counts once.
    key = HiddenField(
        validators=[
            DataRequired(message=_l("Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.")),
            Regexp(IDEMPOTENCY_KEY.pattern + "$", message=_l("Formulir ini tidak lengkap. Muat ulang halaman lalu coba lagi.")),
        ]
    )
