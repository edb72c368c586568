"""Chrome's installability criteria, asked of Chromium itself through the DevTools protocol."""

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, wait_for_worker


def test_manifest_and_worker_make_the_app_installable(live_server, browser, tmp_path):
    # Chromium never offers to install from an incognito profile, which a plain Playwright
    # context is; a profile on disk is a normal one.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    page = context.new_page()
    page.goto(live_server + "/")
    wait_for_worker(page)
    session = context.new_cdp_session(page)

    manifest = session.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert session.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    context.close()


def test_manifest_says_what_an_installed_app_needs(live_server, page):
    response = page.request.get(live_server + "/manifest.webmanifest")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["lang"] == "id" and manifest["display"] == "standalone"
    assert manifest["id"] == "/" and manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#0b6e4f"
    icons = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        assert page.request.get(live_server + icon["src"]).status == 200
