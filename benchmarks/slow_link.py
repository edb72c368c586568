"""How long the main pages take on a slow link: 400 ms round trip, 400 kbit/s each way, cold cache.

Chromium's own network emulation (DevTools `Network.emulateNetworkConditions`) slows every
response down; the app runs with its demo data under gunicorn on this machine (serve.py). For
each page, a few cold visits, each in a new browser context; the median of:

- first contentful paint (`performance.getEntriesByType("paint")`): the reader sees the page;
- DOMContentLoaded: the page is usable, its deferred scripts (htmx) have run;
- load: every image in the first screen is in as well.

The budget (DESIGN.md) is a usable page in under 2.5 s. The emulation delays each response by
the round trip, but models no connection set-up: a real first visit over HTTPS also spends about
three round trips on DNS, TCP and TLS before the first byte (1.2 s here), so the table adds them
in a last column, as an estimate.

    python benchmarks/slow_link.py
    python benchmarks/slow_link.py --runs 5 --json benchmarks/results/slow_link.json
"""

import argparse
import json
import statistics
import time

from chromium import PHONE, chromium
from page_weight import main_pages
from serve import serve_demo

SLOW_LINK = {
    "offline": False,
    "latency": 400,  # ms added to every response: the round trip
    "downloadThroughput": 50_000,  # bytes per second: 400 kbit/s
    "uploadThroughput": 50_000,
}
BUDGET_MS = 2500
# DNS, the TCP handshake and the TLS handshake: a round trip each on a new connection.
SETUP_ROUND_TRIPS = 3
TIMINGS = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    fcp: paint ? paint.startTime : null,
    dcl: navigation.domContentLoadedEventEnd,
    load: navigation.loadEventEnd,
  };
}"""


def cold_visit(browser, url):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", SLOW_LINK)
        page.goto(url, wait_until="load", timeout=60_000)
        # loadEventEnd is set just after the load event's handlers have run.
        page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        return page.evaluate(TIMINGS)
    finally:
        context.close()


def measure(base_url, runs):
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "runs": runs, "link": SLOW_LINK, "pages": []}
    with chromium() as browser:
        for name, path in main_pages():
            visits = [cold_visit(browser, base_url + path) for _ in range(runs)]
            medians = {key: round(statistics.median(v[key] for v in visits)) for key in ("fcp", "dcl", "load")}
            results["pages"].append({"page": name, "path": path, **medians, "visits": visits})
    return results


def print_table(results):
    print(f"Slow link: 400 ms round trip, 400 kbit/s; cold cache; median of {results['runs']} visits")
    setup = SETUP_ROUND_TRIPS * SLOW_LINK["latency"]
    print(f"{'page':10} {'FCP ms':>7} {'usable (DCL) ms':>16} {'load ms':>8}  {'usable + set-up (est.)':>22}"
          f"  budget {BUDGET_MS} ms")
    for entry in results["pages"]:
        with_setup = entry["dcl"] + setup
        verdict = "ok" if with_setup <= BUDGET_MS else ("ok without set-up" if entry["dcl"] <= BUDGET_MS else "OVER")
        print(f"{entry['page']:10} {entry['fcp']:>7,} {entry['dcl']:>16,} {entry['load']:>8,}  {with_setup:>22,}"
              f"  {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold visits per page")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    arguments = parser.parse_args()
    with serve_demo() as base_url:
        results = measure(base_url, arguments.runs)
    print_table(results)
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
