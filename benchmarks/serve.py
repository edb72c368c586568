"""Serve the app with its demo data under gunicorn on a free loopback port, for the benchmarks.

    with serve_demo() as base_url:      # http://127.0.0.1:<port>, stopped when the block ends
        ...

Each call builds a fresh SQLite file in a temporary folder, runs the migrations and
`flask load-demo` into it (the same commands a new install runs), and starts gunicorn the way
production would. `serve_wsgi` starts any other WSGI app the same way, so a minimal Flask page can
be measured next to the real one. Run this file to keep a demo server up by hand:

    python benchmarks/serve.py          # prints the URL; Ctrl-C stops it
"""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHMARKS = os.path.join(ROOT, "benchmarks")
BIN = os.path.dirname(sys.executable)
# The heaviest demo profile (a logo, three programs, a campaign): the one the budgets are held to.
DEMO_PROFILE = "/komunitas/komunitas-peduli-sampah-sungai-deli"
# The heaviest demo lesson on a first screen (its diagram is near the top).
DEMO_LESSON = "/belajar/dasar-kemitraan/siklus-kemitraan"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(database_url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        FLASK_APP="wsgi",
        # The benchmarks load pages from one address far more often than a person would.
        JEJARING_ENV="development",
        PYTHONPATH=os.pathsep.join([ROOT, BENCHMARKS]),
    )
    env.pop("REDIS_URL", None)
    return env


def _wait_until_up(base_url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{base_url} did not answer within {seconds} s")


@contextlib.contextmanager
def serve_wsgi(target, env=None, workers=2, threads=4, quiet=True, config=None):
    """Run gunicorn for `target` ("module:app") on 127.0.0.1:<free port>; yield the base URL.

    With threads > 1 the workers are gthread (keep-alive, as browsers use it); threads=1 gives
    sync workers, which close each connection, so a load generator's connections spread evenly
    over the workers instead of staying with whichever worker accepted them first. With
    `config` (deploy/gunicorn.conf.py) that file decides instead, as in production.
    """
    port = free_port()
    if config:
        settings = ["-c", config]
    else:
        settings = ["--workers", str(workers), "--worker-class", "gthread" if threads > 1 else "sync",
                    "--threads", str(threads)]
    command = [os.path.join(BIN, "gunicorn"), *settings, "--bind", f"127.0.0.1:{port}", "--chdir", ROOT, target]
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(command, env=env or _environment(""), stdout=output, stderr=output)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def prepare_demo_database(directory):
    """A SQLite file in `directory` with the schema and the demo content; returns its URL."""
    url = "sqlite:///" + os.path.join(directory, "demo.sqlite")
    env = _environment(url)
    flask = os.path.join(BIN, "flask")
    for command in (["db", "upgrade"], ["load-demo"]):
        subprocess.run([flask, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    return url


@contextlib.contextmanager
def serve_demo(workers=2, threads=4, quiet=True):
    """The app with the demo data under gunicorn; yields the base URL."""
    with tempfile.TemporaryDirectory(prefix="jejaring-bench-") as directory:
        url = prepare_demo_database(directory)
        with serve_wsgi("wsgi:app", _environment(url), workers, threads, quiet) as base_url:
            yield base_url


if __name__ == "__main__":
    with serve_demo(quiet=False) as base_url:
        print(f"Jejaring with demo data at {base_url}  (Ctrl-C stops it)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
