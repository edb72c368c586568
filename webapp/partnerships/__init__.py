from flask import Blueprint

bp = Blueprint("partnerships", __name__, url_prefix="/kemitraan")

from webapp.partnerships import routes  # noqa: F401  (registers the views on bp)
from webapp.partnerships import personal_data  # noqa: F401  (registers what it keeps about people)
