"""Lighthouse mobile scores (performance, accessibility) for the main pages, on the demo data.

Runs the `lighthouse` npm package (benchmarks/package.json; `npm install` in benchmarks/ first)
against the app under gunicorn (serve.py), with Debian's Chromium through CHROME_PATH: nothing
is downloaded. Lighthouse's default mobile settings: a phone screen, a 4x slower CPU and its
simulated slow 4G. Prints the scores, the performance metrics and every audit that lost points.

    (cd benchmarks && npm install)
    python benchmarks/lighthouse.py
    python benchmarks/lighthouse.py --runs 3 --json benchmarks/results/lighthouse.json --keep-reports
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

from chromium import CHROMIUM
from page_weight import main_pages
from serve import BENCHMARKS, serve_demo

LIGHTHOUSE = os.path.join(BENCHMARKS, "node_modules", ".bin", "lighthouse")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
TARGETS = {"performance": 95, "accessibility": 100}


def run_lighthouse(url, report_path):
    """One Lighthouse run; the parsed JSON report."""
    if not os.path.exists(LIGHTHOUSE):
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm install` in {BENCHMARKS}")
    command = [
        LIGHTHOUSE, url,
        "--only-categories=performance,accessibility",
        "--output=json", f"--output-path={report_path}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    subprocess.run(command, env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True, timeout=300)
    with open(report_path) as f:
        return json.load(f)


def lost_points(report):
    """Audits of the two categories that did not pass, with what Lighthouse says about them."""
    failing = []
    for category in report["categories"].values():
        for reference in category["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append({
                    "category": category["id"],
                    "audit": audit["id"],
                    "score": audit["score"],
                    "shows": audit.get("displayValue", ""),
                    "items": [
                        item.get("node", {}).get("snippet") or item.get("url") or ""
                        for item in (audit.get("details") or {}).get("items", [])[:5]
                    ],
                })
    return failing


def measure(base_url, runs, report_folder):
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "runs": runs, "pages": []}
    for name, path in main_pages():
        reports = []
        for number in range(runs):
            report_path = os.path.join(report_folder, f"{name}-{number + 1}.json")
            reports.append(run_lighthouse(base_url + path, report_path))
        scores = {
            category: round(100 * statistics.median(r["categories"][category]["score"] for r in reports))
            for category in TARGETS
        }
        metrics = {
            label: statistics.median(r["audits"][audit]["numericValue"] for r in reports)
            for audit, label in METRICS.items()
        }
        results["pages"].append({
            "page": name, "path": path, **scores, "metrics": metrics,
            "lighthouse": reports[0]["lighthouseVersion"], "lost_points": lost_points(reports[-1]),
        })
    return results


def print_table(results):
    print(f"Lighthouse mobile, median of {results['runs']} run(s); targets: performance >= 95, accessibility 100")
    print(f"{'page':10} {'perf':>5} {'a11y':>5} {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6} {'SI ms':>6}")
    for entry in results["pages"]:
        m = entry["metrics"]
        ok = all(entry[category] >= target for category, target in TARGETS.items())
        print(f"{entry['page']:10} {entry['performance']:>5} {entry['accessibility']:>5} {m['FCP']:>7,.0f} "
              f"{m['LCP']:>7,.0f} {m['TBT']:>7,.0f} {m['CLS']:>6.3f} {m['SI']:>6,.0f}  {'ok' if ok else 'MISSED'}")
    for entry in results["pages"]:
        for audit in entry["lost_points"]:
            print(f"  {entry['page']}: {audit['category']} / {audit['audit']} "
                  f"(score {audit['score']}) {audit['shows']}")
            for item in audit["items"]:
                if item:
                    print(f"      {item[:140]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is shown)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--keep-reports", action="store_true",
                        help="keep Lighthouse's full JSON reports in benchmarks/results/lighthouse/")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        report_folder = scratch
        if arguments.keep_reports:
            report_folder = os.path.join(BENCHMARKS, "results", "lighthouse")
            os.makedirs(report_folder, exist_ok=True)
        with serve_demo() as base_url:
            results = measure(base_url, arguments.runs, report_folder)
    print_table(results)
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
