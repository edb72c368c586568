"""Moderation: anyone signed in reports what breaks the network's rules (/aturan); admins, and
facilitators for lessons and courses, work through the reports item by item: hide, ask for
changes, warn, suspend an account, or dismiss. The reporter hears the outcome; the people
affected hear why, and can answer."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from webapp.moderation import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.moderation import personal_data  # noqa: E402,F401  (registers what it keeps about people)
