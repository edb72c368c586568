"""Paging through a directory whose count stopped early, in a phone-sized Chromium: the count
says "setidaknya", the pager has no last page until the last page is read, and each step is
an htmx swap that keeps the URL in step."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import seed, serving
from tests import conftest
from webapp import create_app


@pytest.fixture
def short_pages(tmp_path, monkeypatch):
    """The five seeded communities, two to a page, and a count that reads only three of them."""
    monkeypatch.setattr("webapp.directory.services.READ_LIMIT", 3)
    app = create_app(conftest.test_config("sqlite:///" + str(tmp_path / "pages.sqlite"), DIRECTORY_PAGE_SIZE=2))
    seed(app)
    with serving(app) as base_url:
        yield base_url


def test_paging_on_past_a_count_that_stopped_early(short_pages, page):
    page.goto(short_pages + "/komunitas")
    results = page.locator("#hasil")
    expect(results).to_contain_text("setidaknya 3 komunitas")
    expect(results.locator("h2")).to_have_count(2)
    expect(results.locator(".pager")).to_contain_text("Halaman 1")
    expect(results.locator(".pager")).not_to_contain_text("dari")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("link", name="Berikutnya").click()
    expect(page).to_have_url(re.compile(r"/komunitas\?hal=2$"))
    expect(results.locator(".pager")).to_contain_text("Halaman 2")
    expect(results.locator("h2")).to_have_count(2)
    expect(page.get_by_role("link", name="Sebelumnya")).to_be_visible()

    page.get_by_role("link", name="Berikutnya").click()
    expect(page).to_have_url(re.compile(r"/komunitas\?hal=3$"))
    # The last page read up to the last community: now the whole count is known.
    expect(results).to_contain_text("5 komunitas")
    expect(results).not_to_contain_text("setidaknya")
    expect(results.locator(".pager")).to_contain_text("Halaman 3 dari 3")
    expect(results.locator("h2")).to_have_count(1)
    expect(page.get_by_role("link", name="Berikutnya")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in place, never reloaded
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
