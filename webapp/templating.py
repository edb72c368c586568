"""What every template can use: hashed asset URLs and the current language."""

import math
from datetime import timezone
from zoneinfo import ZoneInfo

from flask import current_app, request, url_for
from flask_babel import format_datetime, get_locale

from webapp.http import personal_page
from webapp.regions import time_zone


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


def when(value, province_code=None):
    """A stored (naive UTC) time as people read it: '30 Nov 2026 14.05 WIB', in the zone of
    `province_code` (a community's or a meeting's place), else WIB; no seconds."""
    if value is None:
        return ""
    zone_name, abbreviation = time_zone(province_code)
    local = value.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)
    pattern = "d MMM yyyy, HH:mm" if str(get_locale()) == "en" else "d MMM yyyy HH.mm"
    return f"{format_datetime(local, pattern, rebase=False)} {abbreviation}"


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["data_saver_on"] = data_saver_on
    app.jinja_env.globals["personal_page"] = personal_page
    app.jinja_env.filters["kilobytes"] = kilobytes
    app.jinja_env.filters["when"] = when

    @app.context_processor
    def language():
        return {"locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
