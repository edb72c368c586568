"""Load that a village-hall server holds: simulated people against the recommended gunicorn setup.

    python benchmarks/load.py --users 500 --seconds 60                       # SQLite demo
    python benchmarks/load.py --users 500 --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_load
    python benchmarks/load.py --users 500 --redis redis://127.0.0.1:6379/9   # shared cache and limits

The runner prepares a demo database (as serve.py does), starts gunicorn with
deploy/gunicorn.conf.py, signs a few demo members in, and runs locust headless with this file as
its locustfile. Each simulated person waits 1-5 s between steps, as someone reading on a phone
does. The mix: visitors opening the home page, the directory, a search typed with htmx (each
keystroke a fragment), profiles, courses and lessons; returning visitors whose service worker
revalidates what they saw (If-None-Match, answered 304 when nothing changed); and signed-in
members who also look at their account and the inbox badge. Figures: requests per second,
failures, p50/p95/p99 in ms, per kind and in all.
"""

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from locust import FastHttpUser, between, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

PAGES = ["/", "/komunitas", "/belajar", "/program"]
SEARCH_WORDS = ["baca", "sampah", "anak", "kupang", "ntt", "literasi", "perempuan", "air", "hutan", "pesisir"]
DEMO_MEMBERS = ["relawan@jejaring.test", "nurul.aini@jejaring.test", "rizal.fahmi@jejaring.test",
                "rudi.sinaga@jejaring.test", "maya.simanjuntak@jejaring.test", "andi.saputra@jejaring.test"]
DEMO_PASSWORD = "jejaring-demo"


def discover(client):
    """Profiles, courses and lessons to visit, read from the directory and the courses page."""
    links = {"profiles": [], "lessons": []}
    html = client.get("/komunitas", name="discover").text or ""
    links["profiles"] = sorted(set(re.findall(r'href="(/komunitas/[a-z0-9-]+)"', html)))
    html = client.get("/belajar", name="discover").text or ""
    for course in sorted(set(re.findall(r'href="(/belajar/[a-z0-9-]+)"', html))):
        page = client.get(course, name="discover").text or ""
        links["lessons"] += sorted(set(re.findall(rf'href="({course}/[a-z0-9-]+)"', page)))
    links["courses"] = sorted({"/".join(lesson.split("/")[:3]) for lesson in links["lessons"]})
    return links


class Visitor(FastHttpUser):
    """Someone who is not signed in, on a first visit: pages and searches."""

    weight = 5
    wait_time = between(1, 5)
    links = None

    def on_start(self):
        if Visitor.links is None:
            Visitor.links = discover(self.client)

    def page(self, path, name):
        return self.client.get(path, name=name)

    @task(3)
    def home_or_list(self):
        self.page(random.choice(PAGES), "list pages")

    @task(3)
    def search(self):
        word = random.choice(SEARCH_WORDS)
        # htmx sends the search as the person types: a fragment per pause.
        for end in range(3, len(word) + 1, 2):
            self.client.get("/komunitas?" + urllib.parse.urlencode({"q": word[:end]}),
                            headers={"HX-Request": "true"}, name="search (htmx)")

    @task(3)
    def profile(self):
        self.page(random.choice(self.links["profiles"]), "profile")

    @task(2)
    def lesson(self):
        self.page(random.choice(self.links["courses"]), "course")
        self.page(random.choice(self.links["lessons"]), "lesson")


class ReturningVisitor(Visitor):
    """The installed app: the service worker revalidates each page it holds (If-None-Match)."""

    weight = 4

    def on_start(self):
        super().on_start()
        self.etags = {}

    def page(self, path, name):
        headers = {"If-None-Match": self.etags[path]} if path in self.etags else {}
        with self.client.get(path, headers=headers, name=name + (" (revalidate)" if headers else ""),
                             catch_response=True) as response:
            if response.status_code in (200, 304):
                response.success()
                if response.headers.get("ETag"):
                    self.etags[path] = response.headers["ETag"]
            return response


class Member(Visitor):
    """A signed-in member (sessions made by the runner, a few accounts shared by many people)."""

    weight = 1

    def on_start(self):
        super().on_start()
        cookie = random.choice(json.loads(os.environ["LOAD_MEMBER_COOKIES"]))
        self.cookie = {"Cookie": cookie}

    def page(self, path, name):
        return self.client.get(path, headers=self.cookie, name=name + " (member)")

    @task(2)
    def account(self):
        self.client.get("/akun", headers=self.cookie, name="account (member)")
        self.client.get("/kotak-masuk/jumlah", headers={**self.cookie, "HX-Request": "true"},
                        name="inbox badge (member)")


def sign_in(base_url, email):
    """A session cookie for a demo member, signed in the way a browser does (CSRF included)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/akun/masuk").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": DEMO_PASSWORD}).encode()
    opener.open(base_url + "/akun/masuk", data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def run(users, seconds, database, redis_url, workers):
    from serve import BIN, ROOT, _environment, prepare_demo_database, serve_wsgi

    with tempfile.TemporaryDirectory(prefix="jejaring-load-") as directory:
        url = database or None
        env = _environment(url or "")
        if url:
            env["DATABASE_URL"] = url
            for command in (["db", "upgrade"], ["load-demo"]):
                subprocess.run([os.path.join(BIN, "flask"), *command], env=env, cwd=ROOT, check=True,
                               capture_output=True)
        else:
            env = _environment(prepare_demo_database(directory))
        if redis_url:
            env["REDIS_URL"] = redis_url
        port_env = {**env, "GUNICORN_WORKERS": str(workers)}
        with serve_wsgi("wsgi:app", port_env, config=os.path.join(ROOT, "deploy", "gunicorn.conf.py")) as base_url:
            cookies = [sign_in(base_url, email) for email in DEMO_MEMBERS]
            prefix = os.path.join(directory, "stats")
            subprocess.run(
                [os.path.join(BIN, "locust"), "-f", os.path.abspath(__file__), "--headless", "--only-summary",
                 "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s", "--host", base_url,
                 "--csv", prefix, "--loglevel", "WARNING"],
                env={**os.environ, "LOAD_MEMBER_COOKIES": json.dumps(cookies)}, check=False,
            )
            with open(prefix + "_stats.csv", newline="") as f:
                rows = list(csv.DictReader(f))
    figures = {}
    for row in rows:
        if row["Name"] == "discover":
            continue
        figures[row["Name"]] = {
            "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": int(float(row["50%"] or 0)), "p95_ms": int(float(row["95%"] or 0)),
            "p99_ms": int(float(row["99%"] or 0)),
        }
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--database", help="a database URL (default: a fresh SQLite demo file)")
    parser.add_argument("--redis", help="REDIS_URL for the app servers (shared cache and rate limits)")
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count(), help="gunicorn processes")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    figures = run(args.users, args.seconds, args.database, args.redis, args.workers)
    print(f"{'kind':34} {'requests':>9} {'failures':>9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for name, row in figures.items():
        print(f"{name:34} {row['requests']:>9} {row['failures']:>9} {row['rps']:>7} "
              f"{row['p50_ms']:>6} {row['p95_ms']:>6} {row['p99_ms']:>6}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"users": args.users, "seconds": args.seconds, "figures": figures}, f, indent=2)


if __name__ == "__main__":
    main()
