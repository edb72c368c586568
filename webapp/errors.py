"""Error pages: one handler per status, registered on the app in `create_app`.

Pages get the site's error page; anything under `/api/` (called by app.js and the service
worker, never opened as a page) gets JSON, `{"error": message}`, with the same status.
"""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from webapp.extensions import db

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


def too_many_requests(error):
    return error_response(429, _("Terlalu banyak percobaan"), _("Tunggu sebentar lalu coba lagi."))


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
