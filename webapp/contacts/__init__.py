"""Contacts by consent: a member asks a community for its contact details, with a reason; the
community's coordinators accept, decline or block. Nobody sees a community's contacts unless
its coordinators accepted them (or the two communities are partners)."""

from flask import Blueprint

bp = Blueprint("contacts", __name__)

from webapp.contacts import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.contacts import personal_data  # noqa: E402,F401  (registers what it keeps about people)
