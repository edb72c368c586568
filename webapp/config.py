"""Configuration read from the environment, with development defaults that just work."""

import os
from datetime import timedelta

DEV_SECRET_KEY = "dev-only-not-secret"


def _database_url(instance_path):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "jejaring.sqlite")
    return _with_driver(url)


def _with_driver(url):
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def from_environment(instance_path):
    """Build the config mapping for `create_app` from environment variables."""
    production = os.environ.get("JEJARING_ENV", "development") == "production"
    trusted_hosts = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    return {
        "PRODUCTION": production,
        # A release name (a version or a commit) in the service worker, so each deploy is a new worker.
        "RELEASE": os.environ.get("JEJARING_RELEASE", ""),
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # A PostgreSQL read replica for the directory's searches (webapp.directory.services),
        # the heaviest reads; everything else, and every write, goes to DATABASE_URL.
        "SQLALCHEMY_BINDS": (
            {"replica": _with_driver(os.environ["DATABASE_REPLICA_URL"])} if os.environ.get("DATABASE_REPLICA_URL") else {}
        ),
        # A logo may be 5 MB; the whole request gets a little room for the other fields.
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "LOGO_MAX_BYTES": 5 * 1024 * 1024,
        # Links in e-mails are built from the Host header, so production names its hosts.
        "TRUSTED_HOSTS": trusted_hosts or None,
        # How many reverse proxies (load balancer, nginx) stand in front and set X-Forwarded-*.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # A sign-in ends after a month unused, and after three months in any case (ASVS 3.3);
        # "remember me" lasts no longer than the sign-in it remembers.
        "SESSION_IDLE_TIMEOUT": timedelta(days=30),
        "SESSION_MAX_AGE": timedelta(days=90),
        "REMEMBER_COOKIE_DURATION": timedelta(days=90),
        # A token lives as long as the session, so a form left open for hours still saves.
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        # Background jobs (webapp.jobs): Redis when given, else a SQLite file in the instance folder.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "JOBS_IMMEDIATE": False,
        # Shared pages rendered once per data version (webapp.pagecache): in each worker's
        # memory, or in Redis when REDIS_URL is set; an entry lives at most this many seconds.
        "PAGE_CACHE": os.environ.get("PAGE_CACHE", "on") != "off",
        "PAGE_CACHE_SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", "600")),
        "PAGE_CACHE_SIZE": 2000,
        # How long a process trusts the data version it read (webapp.pagecache.KnownVersion).
        "PAGE_CACHE_VERSION_SECONDS": float(os.environ.get("PAGE_CACHE_VERSION_SECONDS", "1")),
        # Where the site is reached, for links in e-mails sent by periodic jobs (no request to ask).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "true").lower() == "true",
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "Jejaring <noreply@jejaring.local>"),
        # Where people exercise their data rights (UU PDP); named in the privacy notice.
        "PRIVACY_CONTACT": os.environ.get("PRIVACY_CONTACT", "privasi@jejaring.local"),
        # Ed25519 seed (base64url) that signs certificates and tickets (webapp.signing); retired
        # public keys stay valid for what they signed.
        "SIGNING_KEY": os.environ.get("SIGNING_KEY", ""),
        "SIGNING_RETIRED_KEYS": os.environ.get("SIGNING_RETIRED_KEYS", ""),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "LANGUAGES": ["id", "en"],
        "DIRECTORY_PAGE_SIZE": 20,
        # Brotli for browsers that accept it, gzip otherwise; small bodies aren't worth it.
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_BR_LEVEL": 5,
        "COMPRESS_MIN_SIZE": 500,
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "application/javascript", "application/json",
                               "image/svg+xml", "application/manifest+json", "text/plain"],
    }


def check_production(config):
    """Refuse to run in production with the development secret, or answering to any host name.

    Links in e-mails (password resets, invitations) are built from the Host header: without
    TRUSTED_HOSTS a forged header would send someone's reset link to another domain.
    """
    if config.get("PRODUCTION"):
        key = config.get("SECRET_KEY") or ""
        if key == DEV_SECRET_KEY or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production"
            )
        if not config.get("TRUSTED_HOSTS"):
            raise RuntimeError("TRUSTED_HOSTS must name the host names this app answers to in production")
