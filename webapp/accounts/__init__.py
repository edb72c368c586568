from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/akun")

from webapp.accounts import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.accounts import personal_data  # noqa: E402,F401  (registers what it keeps about people)
