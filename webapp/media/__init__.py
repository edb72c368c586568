from flask import Blueprint

bp = Blueprint("media", __name__, url_prefix="/media")

from webapp.media import routes  # noqa: E402,F401  (registers the views on bp)
