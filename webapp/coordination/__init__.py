from flask import Blueprint

bp = Blueprint("coordination", __name__, url_prefix="/kelola")

from webapp.coordination import routes  # noqa: E402,F401  (registers the views on bp)
