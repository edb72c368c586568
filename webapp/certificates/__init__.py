from flask import Blueprint

bp = Blueprint("certificates", __name__)

from webapp.certificates import routes  # noqa: E402,F401  (registers the views on bp)
