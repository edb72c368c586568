"""Requests per second and p50/p95 latency of the directory and a profile, next to a minimal page.

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

from serve import BENCHMARKS, DEMO_PROFILE, serve_demo, serve_wsgi

WRK_SCRIPT = os.path.join(BENCHMARKS, "wrk_report.lua")
WORKERS = 2


def load(url, seconds, connections):
    """Run wrk against `url`; its report as a dict."""
    command = [
        "wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
        "--timeout", "10s", "--script", WRK_SCRIPT, url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    report = json.loads(output.strip().splitlines()[-1])
    report["rps"] = report["requests"] / report["seconds"]
    return report


def measure(seconds, connections):
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"), "seconds": seconds, "connections": connections,
        "server": f"gunicorn, {WORKERS} sync workers", "targets": [],
    }
    with serve_wsgi("minimal_app:app", workers=WORKERS, threads=1) as minimal_url, \
            serve_demo(workers=WORKERS, threads=1) as app_url:
        targets = [
            ("minimal Flask page", minimal_url + "/"),
            ("directory /komunitas", app_url + "/komunitas"),
            ("profile " + DEMO_PROFILE, app_url + DEMO_PROFILE),
        ]
        for label, url in targets:
            load(url, 2, connections)  # warm up: imports, template compilation, connections
            report = load(url, seconds, connections)
            results["targets"].append({"target": label, **report})
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
