from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/kelola-kursus")

from webapp.authoring import routes  # noqa: F401  (registers the views on bp)
from webapp.authoring import personal_data  # noqa: F401  (registers what it keeps about people)
