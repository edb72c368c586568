"""Error pages: one handler per status, registered on the app in `create_app`.

Pages get the site's error page; anything under `/api/` (called by app.js and the service
worker, never opened as a page) gets JSON, `{"error": message}`, with the same status.
"""

import time
from datetime import timedelta

from flask import jsonify, render_template, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from webapp.extensions import db, limiter

API_PREFIX = "/api/"


def error_response(status, title, message):
    if request.path.startswith(API_PREFIX):
        return jsonify(error=message), status
    return render_template("errors/error.html", title=title, message=message), status


def bad_request(error):
    return error_response(400, _("Permintaan tidak valid"), _("Ada yang salah dengan permintaan ini. Coba ulangi dari halaman sebelumnya."))


def untrusted_host(error):
    # No template: building any URL from this request's Host would raise again.
    return "Bad Request: untrusted host", 400, {"Content-Type": "text/plain; charset=utf-8"}


def csrf_failed(error):
    return error_response(400, _("Formulir kedaluwarsa"), _("Formulir ini sudah tidak berlaku. Muat ulang halaman lalu kirim lagi."))


def forbidden(error):
    return error_response(403, _("Tidak diizinkan"), _("Anda tidak punya akses ke halaman ini."))


def not_found(error):
    return error_response(404, _("Halaman tidak ditemukan"), _("Halaman yang Anda cari tidak ada atau sudah dipindahkan."))


def method_not_allowed(error):
    return error_response(405, _("Cara akses tidak didukung"), _("Halaman ini tidak bisa dibuka dengan cara itu."))


def too_large(error):
    return error_response(413, _("Berkas terlalu besar"), _("Kiriman Anda melebihi batas ukuran. Gambar paling besar 5 MB."))


def rate_limited(title, explanation=""):
    """A 429 page that says when to try again (the limit that was hit knows when it resets)."""
    limit = limiter.current_limit
    if limit is None:
        when = _("Tunggu sebentar lalu coba lagi.")
    else:
        wait = timedelta(seconds=max(1, limit.reset_at - int(time.time())))
        when = _("Coba lagi %(when)s.", when=format_timedelta(wait, add_direction=True))
    return error_response(429, title, f"{explanation} {when}".strip())


def too_many_requests(error):
    return rate_limited(_("Terlalu banyak percobaan"))


def server_error(error):
    db.session.rollback()
    return error_response(500, _("Terjadi kesalahan"), _("Maaf, ada masalah di server kami. Coba lagi sebentar lagi."))


HANDLERS = {
    400: bad_request,
    SecurityError: untrusted_host,
    CSRFError: csrf_failed,
    403: forbidden,
    404: not_found,
    405: method_not_allowed,
    413: too_large,
    429: too_many_requests,
    500: server_error,
}


def init_app(app):
    for error, handler in HANDLERS.items():
        app.register_error_handler(error, handler)
