"""Data saya: what the platform holds about the person (to see, correct, export), their consents
and choices, and deleting the account (UU PDP 27/2022: access, correction, erasure, withdrawal)."""

from flask import Blueprint

bp = Blueprint("personal_data", __name__, url_prefix="/akun/data")

from webapp.personal_data import routes  # noqa: E402,F401  (registers the views on bp)
