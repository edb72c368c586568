from flask import Blueprint

bp = Blueprint("coordination", __name__, url_prefix="/kelola")

from webapp.coordination import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.coordination import personal_data  # noqa: E402,F401  (registers what it keeps about people)
