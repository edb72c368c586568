"""Work done later: mail and periodic checks run as Huey jobs, never inside a request.

One Huey instance per process, configured by `init_app` from the app's config:

- `JOBS_IMMEDIATE` (the tests): a job runs at once, in the caller's process and app context;
- `REDIS_URL` set: the queue lives in Redis, and consumers may run on any machine;
- otherwise a SQLite file in the instance folder, so one laptop runs everything.

A consumer needs the app (config, database, translations). `huey_consumer wsgi.huey` imports
`wsgi`, which builds the app exactly as gunicorn does, and `create_app` calls `init_app`,
which points the queue at the configured storage and remembers the app. `flask --app wsgi
serve` runs the same consumer in threads beside the development server. A job defined with
`job` or `periodic_job` runs inside that app's context.
"""

import functools
import os

from flask import has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

# Until `init_app` says where the queue is, jobs run at once (nothing can be lost in a queue
# that nobody consumes).
huey = Huey("jejaring", results=False, immediate=True)
_app = None

__all__ = ["crontab", "huey", "init_app", "job", "periodic_job"]


def _storage(config, instance_path):
    if config["JOBS_IMMEDIATE"]:
        return MemoryStorage, {}
    if config.get("REDIS_URL"):
        return RedisStorage, {"url": config["REDIS_URL"]}
    path = config.get("JOBS_SQLITE_PATH") or os.path.join(instance_path, "jobs.sqlite")
    return SqliteStorage, {"filename": path}


def init_app(app):
    """Point the queue at the storage the config names, and remember `app` for the consumer."""
    global _app
    huey.storage_class, huey.storage_kwargs = _storage(app.config, app.instance_path)
    huey.immediate = app.config["JOBS_IMMEDIATE"]
    huey.storage = huey.create_storage()
    _app = app
    app.extensions["jobs"] = huey


def _in_app_context(func):
    """Run `func` in the caller's app context (immediate mode) or in the consumer's app."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        if has_app_context():
            return func(*args, **kwargs)
        with _app.app_context():
            return func(*args, **kwargs)

    return run


def job(**options):
    """A Huey task that runs in the app context; `options` as for `huey.task` (retries, ...)."""
    return lambda func: huey.task(**options)(_in_app_context(func))


def periodic_job(schedule, **options):
    """A Huey periodic task (`schedule` a `crontab`, in UTC) that runs in the app context."""
    return lambda func: huey.periodic_task(schedule, **options)(_in_app_context(func))
