"""Partnership spaces: where an accepted "Ajak bermitra" goes on. The request area
(webapp.partnerships) ends at acceptance; this area is what the partners do together afterwards:
the agreement, the health check, the thread, brokers and the ending."""

from flask import Blueprint

bp = Blueprint("spaces", __name__, url_prefix="/ruang-kemitraan")

from webapp.spaces import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.spaces import personal_data  # noqa: E402,F401  (registers what it keeps about people)
