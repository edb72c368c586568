"""The directory on a 360 px phone: nothing wider than the screen, every choice readable.

On the demo content, with one community given the longest contact values a coordinator
might type (a long e-mail, a website with a path, an Instagram profile's full address).
"""

import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests.browser.helpers import LONG, LONG_CONTACTS, page_width, serving, sign_in
from tests.conftest import test_config as app_config
from webapp import create_app
from webapp.demo import DEMO_PASSWORD, load_demo, read_demo_data
from webapp.extensions import db
from webapp.text import slugify
from webapp.models import Community

# The longest kabupaten/kota name of the demo's provinces.
LONGEST_REGENCY = ("31", "31.01", "Kabupaten Administrasi Kepulauan Seribu")


@pytest.fixture(scope="module")
def directory_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("layout") / "layout.sqlite"
    app = create_app(app_config("sqlite:///" + str(path)))
    with app.app_context():
        upgrade()
        load_demo()
        community = db.session.scalar(sa.select(Community).where(Community.slug == LONG))
        for name, value in LONG_CONTACTS.items():
            setattr(community, name, value)
        db.session.commit()
        db.engine.dispose()
    with serving(app) as base_url:
        yield base_url


def sign_in_as_coordinator(page, base_url):
    # The community's own coordinator: nobody else sees its contacts without their consent.
    entry = next(c for c in read_demo_data()["communities"] if slugify(c["name"]) == LONG)
    sign_in(page, base_url, entry["coordinators"][0], DEMO_PASSWORD)


def test_directory_profile_and_contacts_fit_a_360_px_screen(directory_server, page):
    for path in ("/komunitas", "/komunitas?provinsi=31&kabupaten=31.01", f"/komunitas/{LONG}"):
        page.goto(directory_server + path)
        assert page_width(page) <= 360, path

    sign_in_as_coordinator(page, directory_server)
    page.goto(f"{directory_server}/komunitas/{LONG}/kontak")
    contacts = page.locator("main dl")
    expect(contacts).to_contain_text(LONG_CONTACTS["email"])
    expect(contacts.locator("a[href^='https://instagram.com/']")).to_have_text(
        "@penjagamangroveteluk_balikpapan_official"
    )
    expect(contacts).to_contain_text("penjagamangroveteluk-balikpapan.contoh.or.id/tentang-kami/kontak")
    assert page_width(page) <= 360

    # Reached from the profile by its link.
    page.goto(f"{directory_server}/komunitas/{LONG}")
    page.click("#kontak a")
    expect(page.locator("main dl")).to_contain_text(LONG_CONTACTS["email"])
    assert page_width(page) <= 360


def test_no_logo_shows_coloured_initials_like_the_logos(directory_server, page):
    page.goto(directory_server + "/komunitas?provinsi=11")
    placeholder = page.locator("#hasil .card", has_text="Gampong Siaga Pidie Jaya").locator(".logo")
    expect(placeholder).to_have_text("GS")
    colours = placeholder.evaluate("(el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    assert colours[1] == "rgb(255, 255, 255)" and colours[0] not in ("rgb(230, 236, 234)", "rgba(0, 0, 0, 0)")
    box = placeholder.bounding_box()
    assert (box["width"], box["height"]) == (64, 64)
    page.screenshot(path="/tmp/initials.png")

    page.goto(directory_server + "/komunitas/gampong-siaga-pidie-jaya")
    expect(page.locator(".profile-head .logo")).to_have_text("GS")


# Whether a control shows all of a text: lay the text out in a box as wide as the control's
# text area (less room for a select's arrow) and compare the heights.
SHOWS_WHOLE = """([el, text]) => {
  const style = getComputedStyle(el);
  const arrow = el.tagName === 'SELECT' ? 24 : 0;
  const box = document.createElement('div');
  box.textContent = text;
  Object.assign(box.style, {position: 'absolute', visibility: 'hidden', font: style.font,
    width: (el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow) + 'px',
    whiteSpace: el.tagName === 'SELECT' ? 'normal' : 'nowrap', overflowWrap: 'normal'});
  document.body.append(box);
  const fits = el.tagName === 'SELECT'
    ? box.scrollWidth <= box.clientWidth
      && box.offsetHeight <= el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) + 1
    : box.scrollWidth <= parseFloat(box.style.width);
  box.remove();
  return fits;
}"""


def shows_whole(locator, text):
    return locator.evaluate(f"(el, text) => ({SHOWS_WHOLE})([el, text])", text)


def test_filters_and_the_home_search_box_are_readable_at_360_px(directory_server, page):
    page.goto(directory_server + "/komunitas")
    kabupaten = page.locator("#kabupaten")
    expect(kabupaten.locator("option:checked")).to_have_text("Pilih provinsi dulu")
    assert shows_whole(kabupaten, "Pilih provinsi dulu")
    for select in ("#fokus", "#provinsi"):
        for text in page.locator(select + " option").all_inner_texts():
            page.select_option(select, label=text)
            assert shows_whole(page.locator(select), text), text
    page.select_option("#provinsi", "")
    page.select_option("#fokus", "")

    province, code, name = LONGEST_REGENCY
    page.select_option("#provinsi", province)
    expect(kabupaten).to_be_enabled()
    page.select_option("#kabupaten", code)
    expect(page).to_have_url(re.compile(r"kabupaten=31\.01"))
    expect(kabupaten.locator("option:checked")).to_have_text(name)
    assert shows_whole(kabupaten, name)
    assert page_width(page) <= 360

    page.goto(directory_server + "/")
    search = page.locator("#home-q")
    placeholder = search.get_attribute("placeholder")
    assert shows_whole(search, placeholder), placeholder
