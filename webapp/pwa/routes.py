"""The installable app: the web app manifest, the service worker, the offline pages.

The service worker is a template: the app fills in the content-hashed URLs of this release's
app shell and their revisions, so a release that changes any of them is a new worker, which
replaces the old one on the reader's next visit with a connection.
"""

import hashlib

from flask import current_app, jsonify, make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.http import shared_page
from webapp.offline import worker_contract
from webapp.pwa import bp
from webapp.templating import asset_url

# Loaded by the service worker with importScripts, in this order (each needs the ones before).
WORKBOX_MODULES = ["core", "routing", "strategies", "expiration", "precaching", "background-sync"]
# What the app needs to start offline; the pages (and the manifest, which every page links)
# are rendered by the app (see _page_revision).
SHELL_FILES = ["css/app.css", "js/app.js", "js/library.js", "js/packs.js", "js/checker.js", "js/quiz.js", "vendor/htmx/htmx.min.js",
               "icons/icon-192.png", "icons/icon-512.png", "icons/maskable-512.png"]
# The pack opener is there too: a file passed on in a village with no signal opens offline. So
# are the certificate checker and the public keys it verifies with: a village official with no
# signal can check a paper certificate. The quiz script is in the shell so a quiz that came in
# a lesson file works offline on a phone that never opened a quiz.
SHELL_PAGES = ["pwa.offline", "pwa.saved", "packs.open_file", "pwa.manifest", "certificates.checker", "main.signing_keys"]
THEME_COLOUR = "#0b6e4f"
BACKGROUND_COLOUR = "#fbfaf7"


def _file_revision(filename):
    # The hashed name already carries the content hash (webapp.assets); it is the revision.
    return current_app.extensions["assets"][filename].rsplit(".", 2)[-2]


def _page_revision(endpoint):
    view = current_app.view_functions[endpoint]
    body = current_app.make_response(view()).get_data()
    return hashlib.sha256(body).hexdigest()[:10]


@bp.get("/sw.js")
def service_worker():
    """The service worker, at the root so that its scope is the whole app."""
    precache = [{"url": asset_url(f), "revision": _file_revision(f)} for f in SHELL_FILES]
    precache += [{"url": url_for(p), "revision": _page_revision(p)} for p in SHELL_PAGES]
    script = render_template(
        "pwa/sw.js",
        workbox=[asset_url(f"vendor/workbox/workbox-{m}.prod.js") for m in WORKBOX_MODULES],
        precache=precache,
        offline_url=url_for("pwa.offline"),
        open_pack_url=url_for("packs.open_file"),
        actions=worker_contract(),
        account_api=url_for("pwa.account"),
        release=current_app.config.get("RELEASE", ""),
    )
    response = make_response(script)
    response.content_type = "text/javascript; charset=utf-8"
    # Browsers check for a new worker on every visit; never let a cache answer for it.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """What a phone needs to install Jejaring on its home screen."""
    icons = [
        {"src": asset_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": asset_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": asset_url("icons/maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    response = current_app.json.response(
        {
            "id": "/",
            "name": "Jejaring",
            "short_name": "Jejaring",
            "description": _("Jejaring mempertemukan komunitas, relawan, dan pelaku kemitraan di seluruh Indonesia."),
            "lang": "id",
            "dir": "ltr",
            "start_url": url_for("main.home"),
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "icons": icons,
            # "Share to Jejaring" from the phone's share sheet: the service worker takes the
            # file and opens it on the pack page (static/js/packs.js).
            "share_target": {
                "action": url_for("packs.open_file"),
                "method": "POST",
                "enctype": "multipart/form-data",
                "params": {"files": [{"name": "berkas", "accept": ["text/html", ".html", ".htm"]}]},
            },
        }
    )
    response.content_type = "application/manifest+json"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline():
    """What the service worker shows for a page that was neither saved nor read recently."""
    shared_page()
    return render_template("pwa/offline.html")


@bp.get("/tersimpan")
def saved():
    """The reader's offline library. The list lives on the phone, so a script fills it in."""
    shared_page()
    return render_template("pwa/saved.html")


@bp.get("/api/saya")
def account():
    """Who is signed in on this browser, for the service worker and the script: queued actions
    are sent only as the account that made them, and the page names that account."""
    user = current_user if current_user.is_authenticated else None
    response = jsonify(user=user and user.id, name=user and user.name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
