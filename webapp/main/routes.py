"""The home page, the language and data-saver switches."""

import os

import redis
import sqlalchemy as sa
from flask import (
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from webapp import markdown, signing
from webapp.access import is_safe_next
from webapp.directory.services import COUNT_LIMIT, directory_size
from webapp.extensions import db
from webapp.http import shared_page
from webapp.main import bp
from webapp.models import Category
from webapp.privacy import PRIVACY_NOTICE_VERSION


@bp.get("/")
def home():
    """The front door: search the directory, or start from a focus category."""
    categories = Category.listed()
    shared_page()  # the same for everyone, so the installed app can open it offline
    return render_template("main/home.html", categories=categories, size=directory_size(), count_limit=COUNT_LIMIT)


PAGES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "pages")


def _written_page(name, title):
    """A page the network writes in Markdown, one file per language (webapp/data/pages/)."""
    locale = str(get_locale())
    with open(os.path.join(PAGES_DIR, f"{name}.{locale}.md"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace("{version}", PRIVACY_NOTICE_VERSION).replace(
        "{contact}", current_app.config["PRIVACY_CONTACT"]
    )
    shared_page()
    return render_template("main/written_page.html", title=title, body=markdown.render(text))


@bp.get("/aturan")
def rules():
    """The network's code of conduct, accepted at registration and linked from every page."""
    return _written_page("aturan", _("Aturan jejaring"))


@bp.get("/privasi")
def privacy():
    """The privacy notice: what is kept, why, for how long, and the person's rights (UU PDP)."""
    return _written_page("privasi", _("Pemberitahuan privasi"))


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


@bp.get("/.well-known/jejaring-kunci.json")
def signing_keys():
    """The public keys that certificates and tickets are signed with, for checkers anywhere."""
    response = jsonify(keys=signing.public_keys())
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def _answers(check):
    """'ok' when `check()` runs, else the kind of error (never its message: it may hold a URL
    with a password)."""
    try:
        check()
        return "ok"
    except Exception as error:  # any failure means "do not send people here"
        return type(error).__name__


@bp.get("/healthz")
def health():
    """For a load balancer: 200 when the database (and Redis, when configured) answer, else 503,
    so traffic goes to the app servers that can serve it."""
    checks = {"database": _answers(lambda: db.session.execute(sa.text("SELECT 1")))}
    if current_app.config["REDIS_URL"]:
        url = current_app.config["REDIS_URL"]
        checks["redis"] = _answers(lambda: redis.Redis.from_url(url, socket_timeout=2).ping())
    db.session.rollback()
    response = jsonify(checks)
    response.status_code = 200 if all(value == "ok" for value in checks.values()) else 503
    response.headers["Cache-Control"] = "no-store"
    return response
