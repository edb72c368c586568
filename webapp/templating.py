"""What every template can use: versioned asset URLs and the current language."""

import hashlib
import os
from functools import cache

from flask import current_app, url_for
from flask_babel import get_locale


@cache
def _file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:10]


def asset_url(filename):
    """URL of a static file with its content hash, so a changed file gets a new URL."""
    digest = _file_digest(os.path.join(current_app.static_folder, filename))
    return url_for("static", filename=filename, v=digest)


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["asset_url"] = asset_url

    @app.context_processor
    def language():
        return {"locale": str(get_locale()), "languages": app.config["LANGUAGES"]}
