"""The home page, the language and data-saver switches, and the error pages."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from webapp.extensions import db
from webapp.http import shared_page
from webapp.main import bp
from webapp.models import Category, Community


def is_safe_next(target):
    """Only same-site paths: '/komunitas' yes, '//evil.example' or 'https://evil.example' no."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if not target.isprintable():  # CR/LF would split the Location header
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


@bp.get("/")
def home():
    """The front door: search the directory, or start from a focus category."""
    categories = db.session.scalars(sa.select(Category).order_by(Category.position)).all()
    counts = {
        "communities": db.session.scalar(sa.select(sa.func.count(Community.id))),
        "provinces": db.session.scalar(
            sa.select(sa.func.count(sa.distinct(Community.province_code)))
        ),
    }
    shared_page()  # the same for everyone, so the installed app can open it offline
    return render_template("main/home.html", categories=categories, counts=counts)


def _remember_and_go_back(cookie, value):
    """Keep a preference in a cookie for a year, then go back where the person was (?next=)."""
    target = request.args.get("next", "")
    response = make_response(redirect(target if is_safe_next(target) else url_for("main.home"), 303))
    response.set_cookie(
        cookie,
        value,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.get("/bahasa/<lang>")
def switch_language(lang):
    """Remember the chosen interface language."""
    if lang not in current_app.config["LANGUAGES"]:
        lang = current_app.config["BABEL_DEFAULT_LOCALE"]
    return _remember_and_go_back("lang", lang)


@bp.get("/hemat-data/<any(nyala, mati):state>")
def switch_data_saver(state):
    """Turn data-saver mode on or off for this browser.

    "Off" is stored too (hemat=0): it overrides the browser's Save-Data header for someone who
    wants the pictures anyway.
    """
    return _remember_and_go_back("hemat", "1" if state == "nyala" else "0")


def _error_page(status, title, message):
    return render_template("errors/error.html", title=title, message=message), status


@bp.app_errorhandler(400)
def bad_request(error):
    return _error_page(400, _("Permintaan tidak valid"), _("Ada yang salah dengan permintaan ini. Coba ulangi dari halaman sebelumnya."))


@bp.app_errorhandler(SecurityError)
def untrusted_host(error):
    # No template: building any URL from this request's Host would raise again.
    return "Bad Request: untrusted host", 400, {"Content-Type": "text/plain; charset=utf-8"}


@bp.app_errorhandler(CSRFError)
def csrf_failed(error):
    return _error_page(400, _("Formulir kedaluwarsa"), _("Formulir ini sudah tidak berlaku. Muat ulang halaman lalu kirim lagi."))


@bp.app_errorhandler(403)
def forbidden(error):
    return _error_page(403, _("Tidak diizinkan"), _("Anda tidak punya akses ke halaman ini."))


@bp.app_errorhandler(404)
def not_found(error):
    return _error_page(404, _("Halaman tidak ditemukan"), _("Halaman yang Anda cari tidak ada atau sudah dipindahkan."))


@bp.app_errorhandler(405)
def method_not_allowed(error):
    return _error_page(405, _("Cara akses tidak didukung"), _("Halaman ini tidak bisa dibuka dengan cara itu."))


@bp.app_errorhandler(413)
def too_large(error):
    return _error_page(413, _("Berkas terlalu besar"), _("Kiriman Anda melebihi batas ukuran. Gambar paling besar 5 MB."))


@bp.app_errorhandler(429)
def too_many_requests(error):
    return _error_page(429, _("Terlalu banyak percobaan"), _("Tunggu sebentar lalu coba lagi."))


@bp.app_errorhandler(500)
def server_error(error):
    db.session.rollback()
    return _error_page(500, _("Terjadi kesalahan"), _("Maaf, ada masalah di server kami. Coba lagi sebentar lagi."))
