"""What every template can use: hashed asset URLs and the current language."""

from flask import current_app, request, url_for
from flask_babel import format_decimal, get_locale

from webapp.http import is_shared_page


def asset_url(filename):
    """URL of a static file under its content-hashed name (see webapp.assets), cached for a year."""
    return url_for("static", filename=current_app.extensions["assets"][filename])


def data_saver_on():
    """Data-saver mode: the person's own switch (cookie `hemat`) wins over the browser's Save-Data."""
    choice = request.cookies.get("hemat")
    if choice in ("1", "0"):
        return choice == "1"
    return request.headers.get("Save-Data", "").strip().lower() == "on"


def human_size(size):
    """A byte count as people read it: "18 KB", "1,2 MB" ("1.2 MB" in English), "10 GB".

    The one way sizes are written, on the server and (formatSize in static/js/app.js) on the
    phone, so a size promised before saving reads like the one the library then lists.
    """
    for unit, scale, digits in (("GB", 1024**3, "#,##0.#"), ("MB", 1024**2, "#,##0.#")):
        if size >= scale:
            return f"{format_decimal(size / scale, format=digits)} {unit}"
    return f"{format_decimal(max(1, round(size / 1024)), format='#,##0')} KB"


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["data_saver_on"] = data_saver_on
    app.jinja_env.globals["is_shared_page"] = is_shared_page
    app.jinja_env.filters["filesize"] = human_size

    @app.context_processor
    def language():
        return {"locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
