"""What every template can use: hashed asset URLs and the current language."""

import math

from flask import current_app, request, url_for
from flask_babel import get_locale

from webapp.http import personal_page


def asset_url(filename):
    """URL of a static file under its content-hashed name (see webapp.assets), cached for a year."""
    return url_for("static", filename=current_app.extensions["assets"][filename])


def data_saver_on():
    """Data-saver mode: the person's own switch (cookie `hemat`) wins over the browser's Save-Data."""
    choice = request.cookies.get("hemat")
    if choice in ("1", "0"):
        return choice == "1"
    return request.headers.get("Save-Data", "").strip().lower() == "on"


def kilobytes(size):
    """Whole kilobytes, at least one, for "± 18 KB" before a download."""
    return max(1, math.ceil(size / 1024))


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["data_saver_on"] = data_saver_on
    app.jinja_env.globals["personal_page"] = personal_page
    app.jinja_env.filters["kilobytes"] = kilobytes

    @app.context_processor
    def language():
        return {"locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
