from flask import Blueprint

bp = Blueprint("partnerships", __name__, url_prefix="/kemitraan")

from webapp.partnerships import routes  # noqa: F401  (registers the views on bp)
