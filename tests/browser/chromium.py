"""Debian's Chromium driven by Playwright, and what a page costs on the wire, from DevTools events.
Shared by the browser tests and the benchmarks (benchmarks/chromium.py imports it from here).

Bytes are `encodedDataLength` from `Network.loadingFinished`: what came over the connection,
headers included, after compression. A response served from the HTTP cache costs nothing and is
counted apart; a 304 counts its few bytes of headers. No browser is ever downloaded.
"""

import contextlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A cheap Android phone: the width the app is designed for.
PHONE = dict(viewport={"width": 360, "height": 800}, device_scale_factor=2, is_mobile=True,
             has_touch=True, locale="id-ID")
KIND = {"Document": "html", "Stylesheet": "css", "Script": "js", "Image": "img"}


@contextlib.contextmanager
def chromium():
    """A headless Chromium; closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_worker(page):
    """Until a service worker controls `page`.

    The worker claims open pages when it activates, but a page whose navigation began before
    that stays uncontrolled until it is loaded again, as for any visitor.
    """
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)


@dataclass
class Request:
    url: str
    kind: str = "other"
    status: int = 0
    bytes: int = 0
    from_cache: bool = False
    finished: bool = False
    headers: dict = field(default_factory=dict)

    @property
    def host(self):
        return urlsplit(self.url).netloc


class NetworkLog:
    """Every request of one page, as the DevTools protocol reports it."""

    def __init__(self, context, page):
        self.requests = {}
        self.session = context.new_cdp_session(page)
        self.session.on("Network.requestWillBeSent", self._will_be_sent)
        self.session.on("Network.requestServedFromCache", self._from_cache)
        self.session.on("Network.responseReceived", self._response)
        self.session.on("Network.responseReceivedExtraInfo", self._raw_response)
        self.session.on("Network.loadingFinished", self._finished)
        self.session.on("Network.loadingFailed", self._failed)
        self.session.send("Network.enable")

    def _will_be_sent(self, event):
        if event["request"]["url"].startswith("data:"):
            return
        # A redirect reuses the id: the earlier hop's bytes arrive with its redirectResponse.
        previous = self.requests.get(event["requestId"])
        if previous and "redirectResponse" in event:
            previous.bytes = event["redirectResponse"].get("encodedDataLength", 0)
            previous.status = event["redirectResponse"]["status"]
            previous.finished = True
            self.requests[f"{event['requestId']}/hop{len(self.requests)}"] = previous
        self.requests[event["requestId"]] = Request(
            url=event["request"]["url"], kind=KIND.get(event.get("type"), "other"),
            headers=event["request"].get("headers", {}),
        )

    def _from_cache(self, event):
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]].from_cache = True

    def _response(self, event):
        request = self.requests.get(event["requestId"])
        if request is None:
            return
        response = event["response"]
        request.status = request.status or response["status"]
        request.kind = KIND.get(event.get("type"), request.kind)
        if response.get("fromDiskCache") or response.get("fromPrefetchCache") or response.get("fromServiceWorker"):
            request.from_cache = True

    def _raw_response(self, event):
        # The status as sent: a revalidated response shows as 200 above, but came as a 304.
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.status = event["statusCode"]

    def _finished(self, event):
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.bytes = 0 if request.from_cache else int(event["encodedDataLength"])
            request.finished = True

    def _failed(self, event):
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.finished = True

    def clear(self):
        self.requests = {}

    def settle(self, page, quiet_ms=500, timeout_ms=10_000):
        """Wait until every request seen has finished and nothing new started for `quiet_ms`."""
        waited = 0
        seen = -1
        while waited < timeout_ms:
            done = all(r.finished for r in self.requests.values())
            if done and seen == len(self.requests):
                return
            seen = len(self.requests) if done else -1
            page.wait_for_timeout(quiet_ms if done else 50)
            waited += quiet_ms if done else 50

    def summary(self, own_host):
        """Totals of the requests logged so far: bytes by kind, requests, hosts other than ours."""
        requests = list({id(r): r for r in self.requests.values()}.values())
        over_network = [r for r in requests if not r.from_cache]
        by_kind = {}
        for request in over_network:
            by_kind[request.kind] = by_kind.get(request.kind, 0) + request.bytes
        return {
            "bytes": sum(r.bytes for r in over_network),
            "html_bytes": by_kind.get("html", 0),
            "by_kind": by_kind,
            "requests": len(over_network),
            "from_cache": len(requests) - len(over_network),
            "statuses": sorted({r.status for r in over_network}),
            "other_hosts": sorted({r.host for r in requests if r.host != own_host}),
            "urls": [(r.url, r.status, r.bytes, r.from_cache) for r in requests],
        }


class ContextLog:
    """Every request of a browser context, the service worker's own fetches included.

    NetworkLog above sees one page: a response the service worker gives the page shows there as
    from the worker, while what the worker itself fetched is on the worker's own target. This
    counts, from Playwright's events, what reached the network: a response from the worker or
    from the HTTP cache reports a negative body size and costs nothing here; a revalidated page
    (a 304 behind the worker's fetch) costs its headers.
    """

    def __init__(self, context):
        self.entries = []
        context.on("requestfinished", self._finished)

    def _finished(self, request):
        response = request.response()
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        from_worker = bool(response and response.from_service_worker)
        over_network = not from_worker and body >= 0
        by_worker = request.service_worker is not None
        self.entries.append({
            "page": None if by_worker else request.frame.page,
            "url": request.url,
            "kind": KIND.get(request.resource_type.capitalize(), "other"),
            "by_worker": by_worker,
            "status": response.status if response else 0,
            "bytes": sizes["responseHeadersSize"] + body if over_network else 0,
            "over_network": over_network,
        })

    def clear(self):
        self.entries = []

    def keep_only(self, page):
        """Forget requests of other tabs (a picture of an earlier tab still loading, say)."""
        self.entries = [e for e in self.entries if e["by_worker"] or e["page"] == page]

    def over_network(self):
        return [e for e in self.entries if e["over_network"]]

    def bytes(self):
        return sum(e["bytes"] for e in self.entries)
