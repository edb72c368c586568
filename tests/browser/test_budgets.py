"""The byte budgets of DESIGN.md, measured in real Chromium on the demo content.

Bytes are what the DevTools protocol reports as transferred (headers included, compressed),
counted by the same code as benchmarks/page_weight.py. Sizes are deterministic, so a page that
grows past its budget fails here; timings belong to the benchmarks only.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import PHONE, ContextLog, NetworkLog, wait_for_worker
from tests.browser.helpers import sign_in
from webapp.demo import DEMO_PASSWORD

KB = 1024
# The heaviest demo profile: a logo, three programs and a campaign.
PROFILE = "/komunitas/komunitas-peduli-sampah-sungai-deli"
# The heaviest demo lesson on a first screen: its diagram is near the top, so it loads at once.
LESSON = "/belajar/dasar-kemitraan/siklus-kemitraan"
# The first demo meeting: full, with a waiting line, organised by Lapak Baca Alun-Alun.
MEETING = "/pertemuan/1"
MAIN_PAGES = ["/", "/komunitas", PROFILE, LESSON, "/pertemuan", MEETING]
# Sharing a lesson as a file, and opening one (their own script, packs.js).
PACK_PAGES = ["/bagikan/dasar-kemitraan/siklus-kemitraan", "/buka-berkas"]


def visit(context, url):
    """Open `url` in a new tab of `context`; the tab and the log of everything it loaded."""
    page = context.new_page()
    log = NetworkLog(context, page)
    page.goto(url)
    log.settle(page)
    return page, log


@pytest.mark.parametrize("path", MAIN_PAGES + PACK_PAGES)
def test_first_visit_fits_the_budget(demo_server, context, path):
    _, log = visit(context, demo_server + path)
    spent = log.summary(urlsplit(demo_server).netloc)

    # The page, its stylesheet and its scripts were all counted, each compressed.
    assert {"html", "css", "js"} <= spent["by_kind"].keys()
    assert spent["html_bytes"] <= 14 * KB, "the HTML alone must fit one round trip"
    assert spent["bytes"] <= 30 * KB, spent["urls"]
    assert spent["other_hosts"] == []


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_repeat_visit_with_the_service_worker_loads_only_the_page(demo_server, context, path):
    first, _ = visit(context, demo_server + path)
    wait_for_worker(first)
    first.wait_for_load_state("networkidle")  # a reload for the worker may still load pictures
    first.close()
    log = ContextLog(context)
    page, _ = visit(context, demo_server + path)
    log.keep_only(page)

    # Styles and scripts come from the worker's caches; of the page's own requests only the
    # page goes to the network (the worker asks first) and, unchanged, costs a 304. Pictures
    # the first visit fetched before the worker existed are in the HTTP cache, not the
    # worker's; Chromium sometimes picks the other srcset size on the second visit, which then
    # costs that picture once (1.6 KB for the profile logo, up to 8 KB seen on a page of
    # logos). That is left to the benchmark to report; here pictures are not counted.
    over = log.over_network()
    assert [(e["url"], e["by_worker"]) for e in over if "/media/" not in e["url"]] == [(demo_server + path, True)]
    assert next(e for e in over if e["url"] == demo_server + path)["bytes"] <= 1 * KB


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_second_visit_without_service_worker_loads_only_the_page(demo_server, browser, path):
    """Browsers without service workers still get a second visit of one 304 from the HTTP cache."""
    context = browser.new_context(service_workers="block", **PHONE)
    first, _ = visit(context, demo_server + path)
    first.close()
    _, log = visit(context, demo_server + path)

    over_network = [r for r in log.requests.values() if not r.from_cache]
    cached = [r for r in log.requests.values() if r.from_cache]
    # Styles, scripts and images come from the cache (immutable, hashed names); only the
    # page itself is asked for again, and it has not changed, so it costs a 304.
    assert [(r.kind, r.status) for r in over_network] == [("html", 304)]
    assert {"css", "js"} <= {r.kind for r in cached}
    context.close()


def test_live_search_fragment_fits_the_budget(demo_server, context):
    page, log = visit(context, demo_server + "/komunitas")
    log.clear()
    page.fill("#q", "baca")
    expect(page).to_have_url(re.compile(r"/komunitas\?q=baca(&|$)"), timeout=10_000)
    log.settle(page)

    fragments = [r for r in log.requests.values() if r.headers.get("HX-Request") == "true"]
    assert len(fragments) == 1
    assert fragments[0].status == 200
    assert 0 < fragments[0].bytes <= 4 * KB
    # The results were swapped: fewer than the whole demo, and the reading rooms among them
    # (the first may be another community whose program is about reading: "membaca").
    expect(page.locator("#hasil [role=status]")).not_to_have_text("38 komunitas")
    expect(page.locator("#hasil h2", has_text="Lapak Baca Alun-Alun")).to_be_visible()


def space_path(page, base_url, title):
    """The path of the demo partnership called `title`, from the signed-in person's list."""
    page.goto(base_url + "/ruang-kemitraan")
    return page.get_by_role("link", name=title).get_attribute("href")


@pytest.mark.parametrize("email, title, sections", [
    # Three partners, an acknowledged agreement and three health-check rounds (results open).
    ("suparman@jejaring.test", "Air, lereng, dan ruang bermain yang aman bagi semua anak",
     ["/kesepakatan", "/kesepakatan/skor", "/cek", "/cek/3"]),
    # A draft agreement; a new round shows the answer form, the longest form of a space.
    ("nurul.aini@jejaring.test", "Perpustakaan keliling pesisir dan sekolah siaga", ["/kesepakatan", "/cek/baru"]),
])
def test_partnership_pages_fit_the_budget(demo_server, browser, email, title, sections):
    # Without the worker, so every page is counted as it comes over the network.
    context = browser.new_context(service_workers="block", **PHONE)
    page = context.new_page()
    sign_in(page, demo_server, email, DEMO_PASSWORD)
    space = space_path(page, demo_server, title)
    for section in sections:
        if section == "/cek/baru":
            page.goto(demo_server + space + "/cek")
            page.get_by_role("button", name="Mulai cek kesehatan baru").click()
            expect(page.locator("form.health")).to_be_visible()
            section = urlsplit(page.url).path.removeprefix(space)
        _, log = visit(context, demo_server + space + section)
        spent = log.summary(urlsplit(demo_server).netloc)
        assert 0 < spent["html_bytes"] <= 14 * KB, section
    context.close()


def test_the_check_in_page_fits_the_budget(demo_server, context):
    """The organiser's door page, with its own script (the camera scan), on a first visit."""
    sign_in(context.new_page(), demo_server, "nadia.rahmawati@jejaring.test", DEMO_PASSWORD)
    page, log = visit(context, demo_server + MEETING + "/check-in")
    expect(page.locator("h1")).to_have_text("Check-in")
    spent = log.summary(urlsplit(demo_server).netloc)
    assert any("/js/check-in." in url for url, *_ in spent["urls"])  # its script came, and counts
    assert spent["html_bytes"] <= 14 * KB
    assert spent["bytes"] <= 30 * KB, spent["urls"]


# ---- Quizzes and certificates (issue 13) ---------------------------------------------------------

HOLDER = "nurul.aini@jejaring.test"  # holds the first demo course's certificate (webapp/demo.py)


def final_quiz_path(context, base_url):
    page = context.new_page()
    page.goto(base_url + "/belajar/dasar-kemitraan")
    path = page.locator(".final-quiz a").get_attribute("href")
    page.close()
    return path


def assert_first_visit_fits(log, base_url):
    spent = log.summary(urlsplit(base_url).netloc)
    assert {"html", "css", "js"} <= spent["by_kind"].keys()
    assert spent["html_bytes"] <= 14 * KB, "the HTML alone must fit one round trip"
    assert spent["bytes"] <= 30 * KB, spent["urls"]


def test_the_final_quiz_page_fits_the_budget(demo_server, browser):
    finder = browser.new_context(**PHONE)
    path = final_quiz_path(finder, demo_server)
    finder.close()
    context = browser.new_context(**PHONE)
    page, log = visit(context, demo_server + path)
    expect(page.locator("fieldset.question")).to_have_count(5)
    assert_first_visit_fits(log, demo_server)
    context.close()


def test_the_certificate_page_and_the_quiz_fragments_fit_the_budget(demo_server, browser):
    context = browser.new_context(**PHONE)
    # Signed in without loading a page, so the certificate page is a true first visit.
    signed_in = context.request.post(demo_server + "/akun/masuk", form={"email": HOLDER, "password": DEMO_PASSWORD})
    assert signed_in.ok
    listing = context.request.get(demo_server + "/sertifikat").text()
    path = re.search(r'href="(/sertifikat/[0-9A-Z]{12})"', listing).group(1)
    page, log = visit(context, demo_server + path)
    expect(page.locator(".certificate svg")).to_be_visible()
    assert_first_visit_fits(log, demo_server)

    quiz = final_quiz_path(context, demo_server)
    for fragment in (quiz + "/kemajuan", "/kemajuan/dasar-kemitraan"):
        response = context.request.get(demo_server + fragment, headers={"HX-Request": "true"})
        assert response.ok and len(response.body()) <= 4 * KB, fragment
    context.close()
