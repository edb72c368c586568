"""Notifications: the inbox (/kotak-masuk), its unread count, and each person's e-mail choices.

Other areas tell people things with `notify(user, kind, link=..., **params)` (or
`notify_coordinators(community, ...)`); the kinds and their parameters are in
`webapp.notifications.kinds`.
"""

from flask import Blueprint

# Before the views: areas whose views the views' imports load in turn import `notify` from here.
from webapp.notifications.services import notify, notify_coordinators

bp = Blueprint("notifications", __name__, url_prefix="/kotak-masuk")

from webapp.notifications import routes  # noqa: E402,F401  (registers the views on bp)
from webapp.notifications import personal_data  # noqa: E402,F401  (registers what it keeps about people)

__all__ = ["bp", "notify", "notify_coordinators"]
