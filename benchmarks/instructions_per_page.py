"""Instructions per request of each main page rendered afresh, counted by valgrind (callgrind).

CPU milliseconds (cpu_per_page.py) are what the target is set in, but on a shared machine they
swing by half within minutes. The number of instructions the app's process executes for a
request does not: the same code, data and inputs give the same count to a few tenths of a
percent, whatever else the machine is doing. So this is the measure to compare two versions
of the code by, and cpu_per_page.py the one to read the target off.

Each page runs in its own process under `valgrind --tool=callgrind --instr-atstart=no`: the
app starts and answers the page 30 times uninstrumented (SQLAlchemy's statement cache, Jinja's
templates and psycopg's prepared statements all warm), then `callgrind_control -i on` starts
the count, the page is asked for `--requests` times and the process ends with os._exit, so
the interpreter's shutdown is not counted. Counted: the app's process only (Python, SQLite,
psycopg and libpq, brotli); PostgreSQL's own server processes are not.

    python benchmarks/instructions_per_page.py
    python benchmarks/instructions_per_page.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_perf

Needs valgrind (Debian's package); each page takes about 20 seconds.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from cpu_per_page import ACCOUNT_EMAIL, ACCOUNT_PAGE, HEADERS, PAGES, postgres_app, signed_in
from serve import ROOT, prepare_demo_database

WARM_UP = 30


def child(database, path, requests, ready_file, email=None):
    """In the process valgrind runs: warm up, say so, wait for the count to start, then ask."""
    sys.path.insert(0, ROOT)
    if database == "minimal":
        from minimal_app import app
    else:
        from webapp import create_app

        app = create_app({"SQLALCHEMY_DATABASE_URI": database, "PAGE_CACHE": False})
    client = signed_in(app, email) if email else app.test_client()
    for _ in range(WARM_UP):
        assert client.get(path, headers=HEADERS).status_code == 200, path
    with open(ready_file, "w") as f:
        f.write("ready")
    while os.path.exists(ready_file):  # the parent removes it once counting is on
        time.sleep(0.05)
    for _ in range(requests):
        client.get(path, headers=HEADERS)
    os._exit(0)


def count(database, path, requests, directory, email=None):
    """Instructions per request of `path`, in millions."""
    ready_file = os.path.join(directory, "ready")
    out_file = os.path.join(directory, "callgrind.out")
    command = [
        "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out_file}",
        sys.executable, os.path.abspath(__file__), "--child", database, path, str(requests), ready_file,
    ]
    if email:
        command.append(email)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while not os.path.exists(ready_file):
        if process.poll() is not None:
            raise RuntimeError(f"{path} did not start under valgrind:\n{process.stderr.read()[-2000:]}")
        time.sleep(0.2)
    subprocess.run(["callgrind_control", "-i", "on", str(process.pid)], check=True, capture_output=True)
    os.remove(ready_file)
    process.communicate()
    with open(out_file) as f:
        totals = [line for line in f if line.startswith("summary:") or line.startswith("totals:")]
    os.remove(out_file)
    return int(totals[0].split()[1]) / requests / 1e6


def measure(database, requests):
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "requests": requests, "pages": []}
    with tempfile.TemporaryDirectory(prefix="jejaring-instructions-") as directory:
        if database:
            postgres_app(database)  # empties it, migrates and loads the demo
            url = database
        else:
            url = prepare_demo_database(directory)
        results["database"] = url.split(":")[0]
        pages = [("minimal Flask page", "minimal", "/", None)]
        pages += [(label, url, path, None) for label, path in PAGES]
        pages.append((ACCOUNT_PAGE[0], url, ACCOUNT_PAGE[1], ACCOUNT_EMAIL))
        for label, target, path, email in pages:
            millions = count(target, path, requests, directory, email)
            results["pages"].append({"page": label, "million_instructions": millions})
            print(f"{label:28} {millions:>7.2f} M", flush=True)
    return results


def main():
    if sys.argv[1:2] == ["--child"]:
        database, path, requests, ready_file, *email = sys.argv[2:]
        child(database, path, int(requests), ready_file, *email)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a scratch PostgreSQL URL (emptied!); default a temporary SQLite file")
    parser.add_argument("--requests", type=int, default=20, help="requests counted per page")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    arguments = parser.parse_args()
    results = measure(arguments.database, arguments.requests)
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
