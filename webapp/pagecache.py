"""The page cache: a shared page is rendered once per data version, then served from memory.

A page that called `shared_page()` (and stayed shared: nothing flashed, nothing personal) is
stored after it is rendered, under a key made of the data version, the URL, the language,
data-saver mode, the htmx shape, the release and the day. The next request for that key is
answered from the stored copy without running the view: a conditional request with a 304,
any other with the stored body (compressed on the way out as usual).

The data version (`DataVersion`, one row) is bumped in the same transaction as any change to
data a shared page may show, so the next request reads a new key and renders afresh; no
page has to know what it depends on. Tables that only ever hold personal data (sessions,
progress, notifications) are listed in PRIVATE_TABLES and leave the cache alone. Writes
through the ORM session are seen by themselves; code that writes with a bare connection
calls `data_changed(connection)`.

The store is the process's memory by default (each worker its own), Redis when REDIS_URL is
set (every app server shares it). Entries also expire after PAGE_CACHE_SECONDS, which bounds
anything that changes with time alone (a "last updated 3 days ago").

Reading the version is most of what a cached page costs, so a process trusts the version it
last read for PAGE_CACHE_VERSION_SECONDS (`KnownVersion`). A write in the same process forgets
it at once; a write elsewhere (another app server, the job consumer) reaches readers here
within those seconds, which no reader can tell from the write having come that much later.
A signed-in person, the only one who writes what shared pages show, always reads the version
afresh, so whoever saved a change sees it on the very next page, whichever server answers.
"""

import hashlib
import json
import threading
import time
from collections import OrderedDict
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, g, has_app_context, request, session

from webapp.extensions import db, select_locale
from webapp.http import is_shared_page, shared_page, wants_fragment
from webapp.models import DataVersion
from webapp.templating import data_saver_on

# Rows of these tables never appear on a shared page: writing them keeps cached pages valid.
PRIVATE_TABLES = frozenset({
    "audit_event",
    "calendar_feed",
    "case_event",
    "consent",
    "contact_block",
    "contact_request",
    "data_version",
    "invitation",
    "lesson_completion",
    "mailed_link",
    "message",
    "notification",
    "notification_preference",
    "report",
    "stale_program_notice",
    "user_session",
})
# Headers that belong to one response, never to the page: the rest are stored with it.
UNSTORED_HEADERS = frozenset({"set-cookie", "content-length", "date"})
DAY_ZONE = ZoneInfo("Asia/Jakarta")

_version_table = DataVersion.__table__


def data_changed(connection):
    """Make every cached page stale, within the transaction of `connection`."""
    _forget_known_version()
    bumped = connection.execute(
        sa.update(_version_table).values(version=_version_table.c.version + 1)
    ).rowcount
    if not bumped:  # the row is gone (an emptied table): start again from the clock, as the migration does
        connection.execute(sa.insert(_version_table).values(id=1, version=int(time.time() * 1000)))


def data_version():
    """The current data version (0 before anything was ever changed).

    Read on every GET, so as plain SQL on the session's connection: the ORM's own execution
    would cost more than the rest of answering a 304.
    """
    return db.session.connection().exec_driver_sql("SELECT version FROM data_version").scalar() or 0


class KnownVersion:
    """The data version as this process last read it, trusted for `seconds`."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.known = None  # (version, monotonic time read); one tuple, so threads never see half

    def current(self, fresh=False):
        known = self.known
        now = clock()
        if fresh or known is None or now - known[1] >= self.seconds:
            known = self.known = (data_version(), now)
        return known[0]

    def forget(self):
        self.known = None


# The clock KnownVersion reads; tests move it forward instead of sleeping.
clock = time.monotonic


def _forget_known_version():
    if has_app_context() and "page_cache_version" in current_app.extensions:
        current_app.extensions["page_cache_version"].forget()


def _shared_table(name):
    return name not in PRIVATE_TABLES


@sa.event.listens_for(db.session, "after_flush")
def _after_flush(session, flush_context):
    """A flush that wrote shared data bumps the version in its own transaction."""
    changed = [*session.new, *session.deleted] + [
        obj for obj in session.dirty if session.is_modified(obj, include_collections=True)
    ]
    if any(_shared_table(sa.inspect(obj).mapper.persist_selectable.name) for obj in changed):
        data_changed(session.connection())


@sa.event.listens_for(db.session, "do_orm_execute")
def _before_bulk_write(state):
    """`session.execute(update(...))` and friends bypass the flush: bump for them too."""
    statement = state.statement
    if isinstance(statement, (sa.Insert, sa.Update, sa.Delete)):
        table = statement.table
        if _shared_table(getattr(table, "name", "")):
            data_changed(state.session.connection())


@sa.event.listens_for(db.session, "after_commit")
def _after_commit(session):
    """Once a change is committed, no thread of this process may go on with the version read
    before it (a reader may have read it between the write and the commit)."""
    _forget_known_version()


class MemoryStore:
    """The process's own store: the most recently used pages, each for a limited time."""

    def __init__(self, seconds, size):
        self.seconds, self.size = seconds, size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        with self.lock:
            self.entries[key] = (time.monotonic() + self.seconds, entry)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


class RedisStore:
    """Redis, shared by every app server: each page one hash (validator, headers, body)."""

    def __init__(self, url, seconds):
        import redis

        self.redis = redis.Redis.from_url(url)
        self.seconds = seconds

    def get(self, key):
        etag, headers, body = self.redis.hmget(key, "etag", "headers", "body")
        if etag is None or body is None:
            return None
        return etag.decode(), json.loads(headers), body

    def set(self, key, entry):
        etag, headers, body = entry
        with self.redis.pipeline() as pipe:
            pipe.hset(key, mapping={"etag": etag, "headers": json.dumps(headers), "body": body})
            pipe.expire(key, self.seconds)
            pipe.execute()


def _page_key():
    """Everything a shared page may differ by, and the data version it was rendered from."""
    environ = request.environ
    signed_in = "_user_id" in session  # Flask-Login's mark of a signed-in session
    parts = [
        current_app.config["RELEASE"],
        str(current_app.extensions["page_cache_version"].current(fresh=signed_in)),
        datetime.now(DAY_ZONE).date().isoformat(),
        # The address as the client sent it; decoding it (request.url) would cost more.
        environ["wsgi.url_scheme"],
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        select_locale(),
        "hemat" if data_saver_on() else "",
        request.headers.get("HX-Request", ""),
        "fragment" if wants_fragment() else "page",
    ]
    digest = hashlib.sha1("\n".join(parts).encode()).hexdigest()
    return "jejaring:page:" + digest


def _store():
    return current_app.extensions["page_cache"]


def serve_cached_page():
    """Answer from the cache when this request's shared page is there; else note its key."""
    if request.method not in ("GET", "HEAD") or session.get("_flashes"):
        return None  # a flashed message is shown on the next page, which is then personal
    key = _page_key()
    entry = _store().get(key)
    if entry is None:
        g.page_cache_key = key
        return None
    etag, headers, body = entry
    shared_page()
    response = current_app.response_class(body, headers=headers)
    response.set_etag(etag)
    return response  # revalidate_pages turns it into a 304 if the browser holds this etag


def store_shared_page(response):
    """Keep a freshly rendered shared page, with nothing of the request's own (cookies)."""
    key = g.pop("page_cache_key", None)
    if (
        key is None
        or request.method != "GET"
        or response.status_code != 200
        or response.mimetype != "text/html"
        or response.is_streamed
        or not is_shared_page()
        or "Set-Cookie" in response.headers
        # A form's CSRF token belongs to one session: such a page is never the same for all.
        or b'name="csrf_token"' in response.get_data()
    ):
        return response
    response.add_etag()
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in UNSTORED_HEADERS and name.lower() != "etag"]
    _store().set(key, (response.get_etag()[0], headers, response.get_data()))
    return response


def init_app(app):
    """Serve and store shared pages; call after revalidate_pages is registered, so that
    storing runs before it (Flask runs after_request functions in reverse)."""
    if not app.config["PAGE_CACHE"]:
        return
    seconds = app.config["PAGE_CACHE_SECONDS"]
    if app.config["REDIS_URL"]:
        app.extensions["page_cache"] = RedisStore(app.config["REDIS_URL"], seconds)
    else:
        app.extensions["page_cache"] = MemoryStore(seconds, app.config["PAGE_CACHE_SIZE"])
    app.extensions["page_cache_version"] = KnownVersion(app.config["PAGE_CACHE_VERSION_SECONDS"])
    # First of all: a cached page needs no rate limit (only personal pages have one) and no CSRF check.
    app.before_request_funcs.setdefault(None, []).insert(0, serve_cached_page)
    app.after_request(store_shared_page)
