"""Light pictures and data-saver mode: logos come in the size the screen needs, and a volunteer
who saves data (Save-Data header or the footer switch) gets a tap-to-load link with the cost."""

import re
from functools import partial

import pytest
import sqlalchemy as sa
from flask import get_template_attribute

from tests.conftest import picture_bytes
from webapp.extensions import db
from webapp.images import store_image
from webapp.models import Community, Image

HTMX = {"HX-Request": "true"}
SAVE_DATA = {"Save-Data": "on"}
ONE_YEAR = 365 * 24 * 3600


png_bytes = partial(picture_bytes, size=(300, 300), color=(11, 110, 79))


@pytest.fixture
def logo(app):
    """A real logo through the image pipeline: its sha256 and the byte size of each variant."""
    with app.test_request_context():
        image = store_image(png_bytes())
        db.session.commit()
        return image.sha256, {variant.width: variant.size for variant in image.variants}


def give_logo(app, slug, sha):
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == slug))
        community.logo = db.session.scalar(sa.select(Image).where(Image.sha256 == sha))
        db.session.commit()


@pytest.fixture
def senja(app, make_community, logo):
    make_community("Rumah Baca Senja", slug="senja")
    give_logo(app, "senja", logo[0])
    return logo


def img_tags(html):
    return re.findall(r"<img [^>]*>", html)


def placeholders(html):
    return re.findall(r'<a class="tap-to-load[^"]*"[^>]*>[^<]*</a>', html)


def byte_size(app, size, lang="id"):
    with app.test_request_context(headers={"Accept-Language": lang}):
        return str(get_template_attribute("_media.html", "byte_size")(size))


# Normal mode: the right size, no layout shift


def test_profile_logo_has_a_srcset_for_sharp_screens_and_a_fixed_box(client, senja):
    sha, _sizes = senja
    html = client.get("/komunitas/senja").get_data(as_text=True)
    [tag] = img_tags(html)
    # 96 CSS pixels: the 128 slot fills them at 1x, the 256 slot at 2x.
    assert f'src="/media/{sha}-128.webp"' in tag
    assert f'srcset="/media/{sha}-128.webp 128w, /media/{sha}-256.webp 256w"' in tag
    assert 'sizes="96px"' in tag
    assert 'width="96" height="96"' in tag
    assert 'decoding="async"' in tag
    # The profile's logo is in the first screen: loading it lazily would only delay it.
    assert "loading=" not in tag
    assert "tap-to-load" not in html


def test_list_logos_are_small_and_lazy_below_the_first_screen(app, client, make_community, logo):
    sha, _sizes = logo
    for number in range(1, 7):
        make_community(f"Komunitas {number}", slug=f"komunitas-{number}")
        give_logo(app, f"komunitas-{number}", sha)
    for headers in ({}, HTMX):
        response = client.get("/komunitas", headers=headers)
        tags = img_tags(response.get_data(as_text=True))
        assert len(tags) == 6
        for tag in tags:
            assert f'src="/media/{sha}-64.webp"' in tag
            assert f'srcset="/media/{sha}-64.webp 64w, /media/{sha}-128.webp 128w"' in tag
            assert 'width="64" height="64"' in tag
        assert ["loading=" in tag for tag in tags] == [False] * 4 + [True] * 2


def test_community_without_logo_shows_its_initials_in_both_modes(client, make_community):
    make_community("Tanpa Logo", slug="polos")
    for headers in ({}, SAVE_DATA):
        html = client.get("/komunitas/polos", headers=headers).get_data(as_text=True)
        assert re.search(r'<span class="logo logo-large initials tone-[0-5]" aria-hidden="true">TL</span>', html)
        assert "<img " not in html and "tap-to-load" not in html


# Data-saver mode


def test_save_data_header_gets_a_tap_to_load_link_with_the_size(app, client, senja):
    sha, sizes = senja
    response = client.get("/komunitas/senja", headers=SAVE_DATA)
    html = response.get_data(as_text=True)
    assert img_tags(html) == []
    [link] = placeholders(html)
    assert f'href="/media/{sha}-128.webp"' in link
    assert f'data-srcset="/media/{sha}-128.webp 128w, /media/{sha}-256.webp 256w"' in link
    assert 'data-sizes="96px" data-width="96" data-height="96"' in link
    # The same box as the picture, so nothing moves when it loads.
    assert 'class="tap-to-load logo logo-large"' in link
    assert f"Logo · {byte_size(app, sizes[128])} · ketuk untuk memuat" in link
    assert "Save-Data" in response.headers["Vary"]


def test_save_data_list_fragment_has_placeholders_too(app, client, senja):
    sha, sizes = senja
    response = client.get("/komunitas", headers=SAVE_DATA | HTMX)
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert img_tags(html) == []
    [link] = placeholders(html)
    assert f'href="/media/{sha}-64.webp"' in link
    assert byte_size(app, sizes[64]) in link
    assert "Save-Data" in response.headers["Vary"]


def test_pages_say_they_vary_on_save_data_in_normal_mode_too(client, senja):
    for url in ("/", "/komunitas", "/komunitas/senja"):
        assert "Save-Data" in client.get(url).headers["Vary"]


def test_placeholder_link_opens_the_picture_without_javascript(client, senja):
    html = client.get("/komunitas/senja", headers=SAVE_DATA).get_data(as_text=True)
    href = re.search(r'<a class="tap-to-load[^>]* href="([^"]+)"', html).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.data[:4] == b"RIFF" and response.data[8:12] == b"WEBP"


def test_coordinator_page_uses_the_same_picture(app, client, auth, make_user, make_community, logo):
    rina = make_user("rina@contoh.id")
    make_community("Rumah Baca Senja", slug="senja", coordinators=[rina])
    give_logo(app, "senja", logo[0])
    auth.login("rina@contoh.id")
    html = client.get("/kelola/senja/profil").get_data(as_text=True)
    assert any('alt="Logo saat ini"' in tag and "srcset=" in tag for tag in img_tags(html))
    html = client.get("/kelola/senja/profil", headers=SAVE_DATA).get_data(as_text=True)
    assert 'data-alt="Logo saat ini"' in placeholders(html)[0]


@pytest.mark.parametrize(
    "cookie, header, saving",
    [
        (None, None, False),
        (None, "on", True),
        (None, "off", False),
        ("1", None, True),
        ("0", "on", False),  # the person's own choice beats the browser's setting
        ("1", "off", True),
        ("rusak", "on", True),  # a cookie we never set decides nothing
    ],
)
def test_the_switch_cookie_beats_the_save_data_header(client, senja, cookie, header, saving):
    if cookie is not None:
        client.set_cookie("hemat", cookie)
    headers = {"Save-Data": header} if header else {}
    html = client.get("/komunitas/senja", headers=headers).get_data(as_text=True)
    assert bool(placeholders(html)) is saving
    assert bool(img_tags(html)) is not saving


@pytest.mark.parametrize("state, value", [("nyala", "1"), ("mati", "0")])
def test_switch_remembers_the_choice_for_a_year(client, state, value):
    response = client.get(f"/hemat-data/{state}", query_string={"next": "/komunitas?q=baca"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/komunitas?q=baca"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"hemat={value};")
    assert f"Max-Age={ONE_YEAR}" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # tests run over plain HTTP, like development


def test_switch_cookie_is_secure_in_production(database_url):
    from tests.conftest import test_config
    from webapp import create_app

    app = create_app(test_config(database_url, SESSION_COOKIE_SECURE=True))
    response = app.test_client().get("/hemat-data/nyala")
    assert "Secure" in response.headers["Set-Cookie"]


def test_switching_on_then_off_changes_what_the_profile_sends(client, senja):
    client.get("/hemat-data/nyala")
    assert placeholders(client.get("/komunitas/senja").get_data(as_text=True))
    # Off stays off even on a phone whose browser asks to save data.
    client.get("/hemat-data/mati")
    html = client.get("/komunitas/senja", headers=SAVE_DATA).get_data(as_text=True)
    assert img_tags(html) and not placeholders(html)


@pytest.mark.parametrize(
    "target", ["https://jahat.example/", "//jahat.example", "/\\jahat.example", "", "komunitas"]
)
def test_switch_never_redirects_off_site(client, target):
    response = client.get("/hemat-data/nyala", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("url", ["/hemat-data/ya", "/hemat-data/", "/hemat-data/NYALA", "/hemat-data/" + "x" * 5000])
def test_unknown_switch_state_is_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers


def test_footer_offers_the_other_state(client):
    html = client.get("/komunitas?q=baca").get_data(as_text=True)
    assert "Hemat data" in html
    assert '<strong aria-current="true">Mati</strong>' in html
    assert 'href="/hemat-data/nyala?next=/komunitas?q%3Dbaca"' in html
    html = client.get("/komunitas", headers=SAVE_DATA).get_data(as_text=True)
    assert '<strong aria-current="true">Nyala</strong>' in html
    assert 'href="/hemat-data/mati?next=' in html


def test_footer_switch_speaks_english_too(client):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Data saver" in html and ">On</a>" in html


@pytest.mark.parametrize(
    "size, lang, text",
    [
        (0, "id", "0&nbsp;B"),
        (850, "id", "850&nbsp;B"),
        (1023, "id", "1023&nbsp;B"),
        (1024, "id", "1&nbsp;KB"),
        (1536, "id", "1,5&nbsp;KB"),
        (1536, "en", "1.5&nbsp;KB"),
        (3 * 1024, "id", "3&nbsp;KB"),
        (25_000, "id", "24&nbsp;KB"),
    ],
)
def test_sizes_read_like_a_person_would_say_them(app, size, lang, text):
    # The no-break space keeps "86 B" together in a 64 px placeholder.
    assert byte_size(app, size, lang) == text


def test_reading_the_list_does_not_load_image_bytes(app, client, senja):
    """The placeholder shows sizes from the variants; their blobs stay in the database."""
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", remember)
        try:
            client.get("/komunitas", headers=SAVE_DATA)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", remember)
    variant_queries = [s for s in statements if "image_variant" in s]
    assert variant_queries, "the sizes come from the variants table"
    assert not any("image_variant.data" in s for s in variant_queries)


def test_variant_sizes_match_the_bytes_served(client, senja):
    sha, sizes = senja
    for width, size in sizes.items():
        assert len(client.get(f"/media/{sha}-{width}.webp").data) == size
