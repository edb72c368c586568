from flask import Blueprint

bp = Blueprint("pwa", __name__)

from webapp.pwa import routes  # noqa: E402,F401  (registers the views on bp)
