"""CPU time per request of each main page rendered afresh (the page cache off), in process.

The demo data in a fresh SQLite file (or a scratch PostgreSQL database with --database), the
app with PAGE_CACHE off, and Flask's test client asking as a browser does (brotli, Indonesian).
`time.process_time` counts only this process's CPU, so other work on a shared machine does
not inflate it much (it still slows caches and memory); PostgreSQL's own CPU is not counted.
The minimal Flask page of minimal_app.py is measured the same way, batch by batch in turn
with the pages, as the yardstick: this shared machine's speed swings by half within minutes
(the minimal page 0.23 to 0.56 ms on 2026-11-30), so each page is also given as a multiple
of the minimal page in the same run.

    python benchmarks/cpu_per_page.py
    python benchmarks/cpu_per_page.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_perf
"""

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time

from flask_migrate import upgrade

from serve import DEMO_LESSON, DEMO_PROFILE, ROOT, empty_postgres, prepare_demo_database

sys.path.insert(0, ROOT)

from minimal_app import app as minimal_app  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.demo import DEMO_PASSWORD, load_demo  # noqa: E402
from webapp.extensions import db  # noqa: E402

PAGES = [("home /", "/"), ("directory /komunitas", "/komunitas"), ("directory ?q=baca", "/komunitas?q=baca"),
         ("profile", DEMO_PROFILE), ("lesson", DEMO_LESSON), ("courses /belajar", "/belajar"),
         ("programs /program", "/program"), ("meetings /pertemuan", "/pertemuan")]
# The menu's fourth page is personal, never cached: a demo coordinator's account page.
ACCOUNT_PAGE = ("account /akun (signed in)", "/akun")
ACCOUNT_EMAIL = "nurul.aini@jejaring.test"
HEADERS = {"Accept-Encoding": "br, gzip", "Accept-Language": "id"}


def cpu_ms(clients, runs):
    """Median CPU milliseconds per request of each (client, path), over `runs` batches of 20.

    The pages take turns batch by batch, so a stretch when the shared machine runs slower
    slows all of them alike instead of whichever page was being measured then.
    """
    for client, path in clients:
        for _ in range(20):
            assert client.get(path, headers=HEADERS).status_code == 200, path
    batches = [[] for _ in clients]
    for _ in range(runs):
        for (client, path), times in zip(clients, batches):
            started = time.process_time()
            for _ in range(20):
                client.get(path, headers=HEADERS)
            times.append((time.process_time() - started) * 1000 / 20)
    return [statistics.median(times) for times in batches]


def signed_in(app, email):
    """A test client signed in as `email` through the sign-in form."""
    client = app.test_client()
    page = client.get("/akun/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/akun/masuk", data={"csrf_token": token, "email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 303, "the demo account could not sign in"
    return client


def postgres_app(url):
    empty_postgres(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PAGE_CACHE": False})
    with app.app_context():
        upgrade()
        load_demo()
    return app


def measure(database, runs):
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "pages": []}
    with tempfile.TemporaryDirectory(prefix="jejaring-cpu-") as directory:
        if database:
            app = postgres_app(database)
        else:
            app = create_app({"SQLALCHEMY_DATABASE_URI": prepare_demo_database(directory), "PAGE_CACHE": False})
        results["database"] = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]
        client = app.test_client()
        pages = [("minimal Flask page", minimal_app.test_client(), "/")]
        pages += [(label, client, path) for label, path in PAGES]
        pages.append((ACCOUNT_PAGE[0], signed_in(app, ACCOUNT_EMAIL), ACCOUNT_PAGE[1]))
        figures = cpu_ms([(client, path) for _, client, path in pages], runs)
        results["pages"] = [{"page": label, "cpu_ms": ms} for (label, _, _), ms in zip(pages, figures)]
        with app.app_context():
            db.engine.dispose()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a scratch PostgreSQL URL (emptied!); default a temporary SQLite file")
    parser.add_argument("--runs", type=int, default=15, help="batches of 20 requests per page")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    arguments = parser.parse_args()
    results = measure(arguments.database, arguments.runs)
    print(f"CPU per request, page cache off, {results['database']}")
    minimal = results["pages"][0]["cpu_ms"]
    for page in results["pages"]:
        print(f"{page['page']:28} {page['cpu_ms']:>7.2f} ms {page['cpu_ms'] / minimal:>6.1f} x minimal")
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
