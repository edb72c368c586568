from flask import Blueprint

bp = Blueprint("learning", __name__)

from webapp.learning import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.learning import personal_data  # noqa: E402,F401  (registers what it keeps about people)
