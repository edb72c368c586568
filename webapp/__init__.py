"""Jejaring: the application factory."""

import logging
import os

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix
from whitenoise import WhiteNoise

from webapp import assets, cli, config, converters, errors, jobs, pagecache, signing
from webapp.extensions import (
    babel,
    compress,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
    select_locale,
)
from webapp.http import revalidate_pages, set_security_headers, static_file_headers, vary_on_language

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(test_config=None):
    """Create the app; `test_config` overrides what the environment says."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config.check_production(app.config)
    # Flask's logger inherits WARNING; the mail that development prints (reset links,
    # invitations) is INFO, and whoever runs the app must see it in the terminal.
    app.logger.setLevel(logging.INFO)

    db.init_app(app)
    from webapp.directory.search import include_object

    # The directory's word index lives only in the database: autogenerate leaves it alone.
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), include_object=include_object)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman itu.")
    login_manager.login_message_category = "info"
    jobs.init_app(app)
    signing.init_app(app)
    converters.init_app(app)  # before the blueprints, whose rules use them

    from webapp import (
        accounts,
        admin,
        authoring,
        certificates,
        contacts,
        coordination,
        directory,
        learning,
        main,
        media,
        meetings,
        moderation,
        notifications,
        packs,
        partnerships,
        personal_data,
        programs,
        pwa,
        quizzes,
        spaces,
    )

    for area in (main, accounts, directory, contacts, coordination, admin, media, learning, pwa, authoring, programs,
                 partnerships, spaces, notifications, packs, personal_data, meetings, moderation, quizzes, certificates):
        app.register_blueprint(area.bp)

    from webapp.templating import init_app as init_templating

    init_templating(app)
    errors.init_app(app)
    cli.init_app(app)
    app.after_request(set_security_headers)
    app.after_request(vary_on_language)
    # Registered after Compress, so it runs before it (Flask runs after_request in reverse).
    compress.init_app(app)
    app.after_request(revalidate_pages)
    pagecache.init_app(app)  # stores a page before revalidate_pages answers 304 for it

    # WhiteNoise serves static files ahead of Flask; the factory still returns the Flask app.
    # Hashed copies are immutable; the plain names stay available with a short max-age.
    build_dir = os.path.join(app.instance_path, "static")
    app.extensions["assets"] = assets.publish(app.static_folder, build_dir)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=app.static_folder, prefix="static/", immutable_file_test=assets.is_hashed,
        add_headers_function=static_file_headers(app.config),
    )
    app.wsgi_app.add_files(build_dir, prefix="static/")
    if app.config["PROXY_COUNT"]:
        # Rate limits per address need the client's address, not the proxy's.
        proxies = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app
