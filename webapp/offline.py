"""Actions a phone may make offline and send later: one contract for every area.

A person taps "done" (later: answers a quiz, checks in, RSVPs) with or without a connection.
The script sends the action as JSON; offline, the service worker keeps it in one queue and
sends it when it can, perhaps hours later and more than once. So every such action:

- is a POST of a JSON object carrying `key` (an idempotency key made on the phone), `user`
  (the id of the account that made it, or absent) and `at` (when it was made, ISO time);
- takes no CSRF token (the page's token is long gone by the replay). Forgery is stopped by
  what a foreign page cannot send without a CORS preflight we never grant: a JSON body and the
  X-Jejaring header, and the browser's Sec-Fetch-Site and Origin must name this site;
- counts once per account and key: the same key from another account is another action;
- answers by the one status contract below, which the service worker is given (never copied):
  2xx is done; KEEP_STATUSES and every status from KEEP_FROM on mean "not now, keep it and try
  later" (nobody or someone else signed in, too many requests, the server or a proxy in front
  of it failing); anything else (400, 403, 404, 410, ...) can never succeed: the worker drops
  the action and tells the person why.
"""

import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app, jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.converters import LARGEST_ID
from webapp.extensions import csrf
from webapp.http import same_origin_request

# 401 nobody signed in, 408 timed out, 409 another account signed in, 429 too many requests.
KEEP_STATUSES = (401, 408, 409, 429)
# And every server or proxy error (500, a proxy's 502, 503, 504).
KEEP_FROM = 500
# How long a queued action may wait (minutes, as Workbox counts), and how the worker spaces
# its tries while the answer is "not now": BASE, then twice that, ..., at most CAP (seconds).
KEEP_MINUTES = 60 * 24 * 30
RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 15 * 60

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9-]{8,64}")


class ActionRefused(Exception):
    """An action the server will not carry out; `status` says whether it may succeed later."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = str(message)


@dataclass(frozen=True)
class Action:
    """One action as the phone sent it: its idempotency key (store it with `scoped_key`), when
    it was made, and its own fields (`data`, the whole JSON object)."""

    key: str
    made_at: datetime | None
    data: dict


def keeps(status):
    """True when the service worker must keep an action that got `status` and try later."""
    return status in KEEP_STATUSES or status >= KEEP_FROM


def worker_contract():
    """The contract as the service worker reads it (rendered into /sw.js)."""
    config = current_app.config
    return {
        "keep": list(KEEP_STATUSES),
        "keepFrom": KEEP_FROM,
        "keepMinutes": KEEP_MINUTES,
        "retryBase": config.get("OFFLINE_RETRY_BASE_SECONDS", RETRY_BASE_SECONDS),
        "retryCap": config.get("OFFLINE_RETRY_CAP_SECONDS", RETRY_CAP_SECONDS),
        "actions": action_urls(),
    }


def action_urls():
    """The URL of every view made with `offline_action`: the ones the worker queues."""
    return sorted(
        url_for(endpoint)
        for endpoint, view in current_app.view_functions.items()
        if getattr(view, "offline_action", False)
    )


def valid_key(key):
    return isinstance(key, str) and bool(IDEMPOTENCY_KEY.fullmatch(key))


def parse_time(text):
    """A time sent by a phone ("2026-11-22T03:04:05.678Z") as naive UTC, or None."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def scoped_key(user_id, key):
    """The key as stored: the phone's key within its account, so that another account sending
    the same key (by accident or on purpose) is another action, never a repeat of this one."""
    return hashlib.sha256(f"{user_id}:{key}".encode()).hexdigest()


def is_id(value):
    """A database id as JSON may carry it: a positive integer (not a boolean) an id column holds."""
    return type(value) is int and 1 <= value <= LARGEST_ID


def _json_error(status, message):
    response = jsonify(error=str(message))
    response.status_code = status
    return response


def offline_action(invalid_message=_l("Data tindakan tidak lengkap.")):
    """Make a view an offline action: the checks and the contract above, in one place.

    The view is called with an `Action` once the request is same-origin, well-formed and made
    as the account signed in now; it returns a JSON response, or raises `ActionRefused`.
    `invalid_message` is what a malformed action is told (the view's own words).
    """

    def decorate(view):
        @functools.wraps(view)
        def action():
            if not same_origin_request() or request.headers.get("X-Jejaring") != "1":
                response = _json_error(403, _l("Permintaan ini ditolak."))
            else:
                response = _checked_action(view, invalid_message)
            response.headers["Cache-Control"] = "no-store"
            return response

        action.offline_action = True
        return csrf.exempt(action)

    return decorate


def _checked_action(view, invalid_message):
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not valid_key(data.get("key")):
        return _json_error(400, invalid_message)
    user = data.get("user")
    if user is not None and not is_id(user):
        return _json_error(400, invalid_message)
    if not current_user.is_authenticated:
        return _json_error(401, _l("Silakan masuk agar perubahan Anda bisa dikirim."))
    if user not in (None, current_user.id):
        return _json_error(409, _l("Perubahan ini dibuat oleh akun lain di perangkat ini."))
    action = Action(key=data["key"], made_at=parse_time(data.get("at")), data=data)
    try:
        return view(action)
    except ActionRefused as refused:
        return _json_error(refused.status, refused.message)
