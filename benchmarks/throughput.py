"""Requests per second and p50/p95 latency of shared pages (304, cached 200, uncached), next to a minimal page.

Both apps run under gunicorn the same way (2 sync workers, serve.py) in the same run: Jejaring with its demo data on SQLite, and minimal_app.py, the smallest Flask page
rendered through a tiny template. `wrk` loads each URL for a fixed time at a fixed number of
connections, on the loopback only. Sync workers close every connection, so wrk's connections
spread over both workers; with gthread's keep-alive they can all stay on one worker and the
figures halve at random. The machine is shared and has 2 cores, so absolute figures
drift from run to run; the ratio to the minimal page is the figure to compare.

    apt-get install -y wrk
    python benchmarks/throughput.py                  # 10 s per URL, 8 connections
    python benchmarks/throughput.py --seconds 20 --json benchmarks/results/throughput.json
"""

import argparse
import json
import os
import shutil
import subprocess
import time
import urllib.request

from serve import BENCHMARKS, DEMO_LESSON, DEMO_PROFILE, serve_demo, serve_wsgi

WRK_SCRIPT = os.path.join(BENCHMARKS, "wrk_report.lua")
WORKERS = 2


def load(url, seconds, connections, headers=()):
    """Run wrk against `url` (with extra request headers); its report as a dict."""
    command = [
        "wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
        "--timeout", "10s", "--script", WRK_SCRIPT, url,
    ]
    for header in headers:
        command += ["--header", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    report = json.loads(output.strip().splitlines()[-1])
    report["rps"] = report["requests"] / report["seconds"]
    return report


def held_etag(url):
    """The ETag a browser holds after loading `url` as wrk asks for it (brotli): "<sha1>:br"."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip", "Accept-Language": "id"})
    with urllib.request.urlopen(request) as response:
        return response.headers["ETag"]


def measure(seconds, connections):
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"), "seconds": seconds, "connections": connections,
        "server": f"gunicorn, {WORKERS} sync workers", "targets": [],
    }

    def run(label, url, headers=()):
        load(url, 2, connections, headers)  # warm up: imports, templates, connections, the page cache
        results["targets"].append({"target": label, **load(url, seconds, connections, headers)})

    with serve_wsgi("minimal_app:app", workers=WORKERS, threads=1) as minimal_url:
        run("minimal Flask page", minimal_url + "/")
        with serve_demo(workers=WORKERS, threads=1) as app_url:
            for label, path in (("home /", "/"), ("directory /komunitas", "/komunitas"),
                                ("profile", DEMO_PROFILE), ("lesson", DEMO_LESSON)):
                run(f"{label}: 304 (page cache)", app_url + path, [f"If-None-Match: {held_etag(app_url + path)}"])
                run(f"{label}: 200 (page cache)", app_url + path)
        with serve_demo(workers=WORKERS, threads=1, PAGE_CACHE="off") as app_url:
            for label, path in (("directory /komunitas", "/komunitas"), ("profile", DEMO_PROFILE),
                                ("lesson", DEMO_LESSON)):
                run(f"{label}: 200 (no page cache)", app_url + path)
        run("minimal Flask page (again, at the end)", minimal_url + "/")
    minimal = results["targets"][0]
    for target in results["targets"]:
        target["rps_ratio"] = target["rps"] / minimal["rps"]
    return results


def print_table(results):
    print(f"{results['server']}; wrk, {results['connections']} connections, {results['seconds']} s per URL")
    print(f"{'target':52} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}  of minimal")
    for t in results["targets"]:
        errors = t["socket_errors"] + t["non_2xx_3xx"]
        print(f"{t['target']:52} {t['rps']:>7,.0f} {t['p50_ms']:>7.1f} {t['p95_ms']:>7.1f} {errors:>6}"
              f"  {t['rps_ratio']:>8.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="how long wrk loads each URL")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    results = measure(arguments.seconds, arguments.connections)
    print_table(results)
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
