from flask import Blueprint

bp = Blueprint("programs", __name__, url_prefix="/program")

from webapp.programs import routes  # noqa: F401  (registers the views on bp)
from webapp.programs import personal_data  # noqa: F401  (registers what it keeps about people)
