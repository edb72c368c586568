"""What each main page costs on the wire: bytes and requests, cold and on a second visit.

Starts the app with its demo data under gunicorn (serve.py), then drives Debian's Chromium at
a 360 px phone viewport and counts every response from the DevTools protocol's network events
(chromium.py). For each page:

- cold: a new browser context, so an empty HTTP cache and no service worker;
- install: what the service worker fetched for itself after that first visit (Workbox and the
  app shell), once per phone and release, not part of the page;
- warm: a new tab in the same context once the service worker controls it, counting the
  worker's own fetches too (chromium.ContextLog).

Then the htmx search update on /komunitas: type a query and count the fragment's bytes.

    python benchmarks/page_weight.py                 # a table
    python benchmarks/page_weight.py --json benchmarks/results/page_weight.json
    python benchmarks/page_weight.py --base-url http://127.0.0.1:5000 --profile /komunitas/x --urls
"""

import argparse
import json
import sys
import time
from urllib.parse import urlsplit

from chromium import PHONE, ContextLog, NetworkLog, chromium, wait_for_worker
from serve import DEMO_LESSON, DEMO_PROFILE, serve_demo

KB = 1024
BUDGET_TOTAL = 30 * KB
BUDGET_HTML = 14 * KB
BUDGET_FRAGMENT = 4 * KB


def main_pages(profile=None):
    return [("home", "/"), ("directory", "/komunitas"), ("profile", profile or DEMO_PROFILE),
            ("lesson", DEMO_LESSON)]


def visit(context, url):
    """Load `url` in a new tab of `context`; the network log of that load."""
    page = context.new_page()
    log = NetworkLog(context, page)
    page.goto(url, wait_until="load")
    log.settle(page)
    return page, log


def summarise(log):
    """ContextLog entries in the shape of NetworkLog.summary."""
    network = log.over_network()
    by_kind = {}
    for entry in network:
        by_kind[entry["kind"]] = by_kind.get(entry["kind"], 0) + entry["bytes"]
    return {
        "bytes": log.bytes(), "html_bytes": by_kind.get("html", 0), "by_kind": by_kind,
        "requests": len(network), "from_cache": len(log.entries) - len(network),
        "statuses": sorted({e["status"] for e in network}), "other_hosts": [],
        "urls": [(e["url"], e["status"], e["bytes"], not e["over_network"]) for e in log.entries],
    }


def measure_page(browser, base_url, path):
    own_host = urlsplit(base_url).netloc
    context = browser.new_context(**PHONE)
    try:
        worker_log = ContextLog(context)
        first, cold = visit(context, base_url + path)
        cold_summary = cold.summary(own_host)
        wait_for_worker(first)
        first.wait_for_load_state("networkidle")  # a reload for the worker may still load pictures
        first.close()
        install = sum(e["bytes"] for e in worker_log.entries if e["by_worker"])
        log = ContextLog(context)
        page, _ = visit(context, base_url + path)
        log.keep_only(page)
        warm = summarise(log)
        warm["other_hosts"] = sorted({urlsplit(e["url"]).netloc for e in log.entries} - {own_host})
        return cold_summary, install, warm
    finally:
        context.close()


def measure_search(browser, base_url, query="baca"):
    """Bytes of the htmx fragment(s) that typing `query` into the directory search brings."""
    own_host = urlsplit(base_url).netloc
    context = browser.new_context(**PHONE)
    try:
        page, log = visit(context, base_url + "/komunitas")
        log.clear()
        page.fill("#q", query)
        page.wait_for_url(f"**/komunitas?q={query}*", timeout=10_000)
        log.settle(page)
        fragments = [r for r in log.requests.values() if r.headers.get("HX-Request") == "true"]
        return {
            "query": query,
            "fragments": len(fragments),
            "bytes": max((r.bytes for r in fragments), default=0),
            "results": page.locator("#hasil h2").count(),
            "other_hosts": log.summary(own_host)["other_hosts"],
        }
    finally:
        context.close()


def measure(base_url, profile=None):
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "pages": []}
    with chromium() as browser:
        for name, path in main_pages(profile):
            cold, install, warm = measure_page(browser, base_url, path)
            results["pages"].append({"page": name, "path": path, "cold": cold, "install": install, "warm": warm})
        results["search"] = measure_search(browser, base_url)
    return results


def verdict(ok):
    return "ok" if ok else "OVER"


def print_table(results):
    print(f"{'page':10} {'visit':6} {'requests':>8} {'cached':>6} {'total B':>8} {'HTML B':>7} "
          f"{'CSS B':>6} {'JS B':>6} {'img B':>6}  other hosts   budget")
    for entry in results["pages"]:
        for visit_name in ("cold", "warm"):
            s = entry[visit_name]
            kinds = s["by_kind"]
            ok = s["bytes"] <= BUDGET_TOTAL and s["html_bytes"] <= BUDGET_HTML and not s["other_hosts"]
            print(f"{entry['page']:10} {visit_name:6} {s['requests']:>8} {s['from_cache']:>6} {s['bytes']:>8,} "
                  f"{s['html_bytes']:>7,} {kinds.get('css', 0):>6,} {kinds.get('js', 0):>6,} "
                  f"{kinds.get('img', 0):>6,}  {', '.join(s['other_hosts']) or 'none':12}  {verdict(ok)}")
    print("\nService worker install after the first visit (Workbox and the app shell, once per release): "
          + ", ".join(f"{e['page']} {e['install']:,} B" for e in results["pages"]))
    search = results["search"]
    print(f"\nhtmx search q={search['query']}: {search['fragments']} fragment request(s), "
          f"{search['bytes']:,} B (budget {BUDGET_FRAGMENT:,}): {verdict(search['bytes'] <= BUDGET_FRAGMENT)}; "
          f"{search['results']} results shown")
    print(f"Budgets: cold visit <= {BUDGET_TOTAL:,} B in all, HTML <= {BUDGET_HTML:,} B, no other host.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="measure a server that is already running (default: start one)")
    parser.add_argument("--profile", help="path of the community profile to measure")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--urls", action="store_true", help="list every request")
    arguments = parser.parse_args()
    if arguments.base_url:
        results = measure(arguments.base_url.rstrip("/"), arguments.profile)
    else:
        with serve_demo() as base_url:
            results = measure(base_url, arguments.profile)
    print_table(results)
    if arguments.urls:
        for entry in results["pages"]:
            for visit_name in ("cold", "warm"):
                print(f"\n{entry['page']} {visit_name}:")
                for url, status, size, cached in entry[visit_name]["urls"]:
                    print(f"  {status} {size:>7,} {'(cache)' if cached else '':8} {url}")
    if arguments.json:
        with open(arguments.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
