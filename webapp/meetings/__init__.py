"""Meetings in person (kopi darat, belajar bersama): find, RSVP, tickets, calendars, check-in."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from webapp.meetings import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.meetings import personal_data  # noqa: E402,F401  (registers what it keeps about people)
