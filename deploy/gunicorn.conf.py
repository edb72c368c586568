"""gunicorn settings for one Jejaring app server: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Why these: the app's requests are short and mostly wait on the database, so threads are
cheaper than more processes (each sync worker holds ~100 MB; a thread a few); two processes
per core keep both cores busy when one process is in a long brotli compression or Markdown
render. Behind nginx, keep-alive to the client is nginx's job: gunicorn keeps idle upstream
connections briefly. Everything can be overridden with GUNICORN_* environment variables.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A slow phone uploads a 5 MB logo for a while; nginx buffers the body first, so this is the app's time.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this machine may say who the client is (with PROXY_COUNT=1 in the app).
forwarded_allow_ips = "127.0.0.1"
# One JSON line per request: the path without its query string (tokens and searches stay out),
# no client address, no user agent, no referrer: nothing that says who someone is.
accesslog = "-"
access_log_format = (
    '{"time":"%(t)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s}'
)
errorlog = "-"
# Several app servers may run on one machine (one per port); systemd, not a control socket in
# the home directory, manages them.
control_socket_disable = True
loglevel = "info"
