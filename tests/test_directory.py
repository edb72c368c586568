"""The public directory: search and filters, community profiles, and contacts for members only."""

import gzip
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from webapp.demo import load_demo
from webapp.extensions import db
from webapp.models import (
    Campaign,
    Category,
    Community,
    Image,
    ImageVariant,
    Program,
    User,
    utcnow,
)

HTMX = {"HX-Request": "true"}


def grant_contacts(app, email="relawan@contoh.id", *slugs):
    """The coordinators of each community accepted this person's contact request."""
    from webapp.contacts.models import ContactRequest

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        for slug in slugs:
            community = db.session.scalar(sa.select(Community).where(Community.slug == slug))
            db.session.add(ContactRequest(community_id=community.id, user_id=user.id,
                                          message="Kami ingin belajar bersama.", status="accepted"))
        db.session.commit()
SEARCH_TEXT_MIGRATION_PARENT = "3b5fbff53ef7"
CONTACTS = {
    "email": "rahasia@senja.id",
    "phone": "0812-3456-7890",
    "website": "senja.example.id",
    "instagram": "@senja_rahasia",
    "facebook": "senjarahasia.fb",
}


def community_names(response):
    """The community names on a list page or fragment, in order."""
    return re.findall(r'<h2><a href="/komunitas/[^"]+">([^<]+)</a></h2>', response.get_data(as_text=True))


def change(app, slug, **values):
    """Set columns, categories (by slug) or programs (by title) of a stored community."""
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == slug))
        for slug_ in values.pop("categories", ()):
            community.categories.append(
                db.session.scalar(sa.select(Category).where(Category.slug == slug_))
            )
        for title in values.pop("programs", ()):
            community.programs.append(
                Program(title=title, description="Deskripsi " + title, regency_code=community.regency_code)
            )
        for key, value in values.items():
            setattr(community, key, value)
        community.refresh_search_text()
        db.session.commit()


@pytest.fixture
def regions_sample(make_community, app):
    """Four communities in three regencies of two provinces, with categories."""
    make_community("Rumah Baca Senja", slug="senja", regency_code="32.73", province_code="32")
    make_community("Kebun Kota Bandung", slug="kebun", regency_code="32.04", province_code="32")
    make_community("Literasi Jakarta", slug="jakarta", regency_code="31.71", province_code="31")
    make_community("Pantai Bersih Sumbawa", slug="sumbawa", regency_code="52.04", province_code="52")
    change(app, "senja", categories=["literasi", "pendidikan"])
    change(app, "kebun", categories=["lingkungan"])
    change(app, "jakarta", categories=["literasi"])
    change(app, "sumbawa", categories=["lingkungan"])


# The list, its order and its pages


def test_directory_lists_verified_communities_first_then_by_name(client, make_community):
    make_community("bambu Hijau", slug="bambu")
    make_community("Zaitun Muda", slug="zaitun", verified_at=utcnow())
    make_community("Anggrek Putih", slug="anggrek")
    response = client.get("/komunitas")
    assert response.status_code == 200
    assert community_names(response) == ["Zaitun Muda", "Anggrek Putih", "bambu Hijau"]
    page = response.get_data(as_text=True)
    assert "3 komunitas" in page
    assert page.count("belum terverifikasi") == 2


def test_card_shows_headline_categories_and_region(client, app, make_community):
    make_community("Rumah Baca Senja", slug="senja", headline="Taman baca di gang sempit")
    change(app, "senja", categories=["literasi"])
    page = client.get("/komunitas").get_data(as_text=True)
    assert "Taman baca di gang sempit" in page
    assert '<span class="tag">Literasi</span>' in page
    assert "Kota Bandung, Jawa Barat" in page
    assert 'href="/komunitas/senja"' in page


def test_twenty_five_communities_make_two_pages_that_keep_the_filters(client, make_community):
    for number in range(25):
        make_community(f"Komunitas Literasi {number:02d}", slug=f"k{number:02d}")
    make_community("Kebun Lain", slug="lain")

    first = client.get("/komunitas?q=literasi")
    text = first.get_data(as_text=True)
    assert len(community_names(first)) == 20
    assert "25 komunitas" in text
    assert 'href="/komunitas?hal=2&amp;q=literasi"' in text
    assert 'rel="prev"' not in text

    second = client.get("/komunitas?q=literasi&hal=2")
    assert community_names(second) == [f"Komunitas Literasi {n}" for n in range(20, 25)]
    assert 'href="/komunitas?q=literasi" hx-get' in second.get_data(as_text=True)
    assert 'rel="next"' not in second.get_data(as_text=True)


def test_page_past_the_end_shows_the_last_page(client, make_community):
    for number in range(25):
        make_community(f"Komunitas Literasi {number:02d}", slug=f"literasi-{number}")
    response = client.get("/komunitas?q=literasi&hal=9")
    assert response.status_code == 303
    assert response.headers["Location"] == "/komunitas?hal=2&q=literasi"

    # htmx follows the redirect and swaps the last page's fragment, pushing its URL.
    response = client.get("/komunitas?q=literasi&hal=9", headers=HTMX, follow_redirects=True)
    assert response.request.path == "/komunitas" and response.request.args["hal"] == "2"
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert community_names(response) == [f"Komunitas Literasi {n}" for n in range(20, 25)]
    assert "Halaman 2 dari 2" in fragment


def test_page_past_the_end_of_one_page_goes_to_the_list(client, make_community):
    make_community()
    response = client.get("/komunitas?hal=9&provinsi=32")
    assert response.status_code == 303 and response.headers["Location"] == "/komunitas?provinsi=32"
    assert client.get("/komunitas?hal=3&q=gajah").headers["Location"] == "/komunitas?q=gajah"


def test_empty_directory_invites_registration(client):
    page = client.get("/komunitas").get_data(as_text=True)
    assert "0 komunitas" in page
    assert "Belum ada komunitas yang terdaftar." in page


def test_no_match_offers_to_clear_the_filters(client, make_community):
    make_community()
    page = client.get("/komunitas?q=gajah&provinsi=32").get_data(as_text=True)
    assert "Tidak ada komunitas yang cocok" in page
    assert '<a href="/komunitas">Hapus semua saringan</a>' in page


# Filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fokus=literasi", ["Literasi Jakarta", "Rumah Baca Senja"]),
        ("fokus=lingkungan", ["Kebun Kota Bandung", "Pantai Bersih Sumbawa"]),
        ("provinsi=32", ["Kebun Kota Bandung", "Rumah Baca Senja"]),
        ("provinsi=32&kabupaten=32.73", ["Rumah Baca Senja"]),
        ("provinsi=52&fokus=lingkungan", ["Pantai Bersih Sumbawa"]),
        ("provinsi=32&fokus=literasi&q=senja", ["Rumah Baca Senja"]),
        ("provinsi=32&fokus=literasi&q=jakarta", []),
        # A kabupaten needs its province: without it, or with another one, it is ignored.
        ("kabupaten=32.73", ["Kebun Kota Bandung", "Literasi Jakarta", "Pantai Bersih Sumbawa", "Rumah Baca Senja"]),
        ("provinsi=31&kabupaten=32.73", ["Literasi Jakarta"]),
    ],
)
def test_filters_narrow_the_list(client, regions_sample, query, expected):
    response = client.get("/komunitas?" + query)
    assert response.status_code == 200
    assert community_names(response) == expected


def test_selects_show_the_applied_filters_and_the_provinces_regencies(client, regions_sample):
    page = client.get("/komunitas?fokus=literasi&provinsi=32&kabupaten=32.73").get_data(as_text=True)
    assert '<option selected value="literasi">Literasi</option>' in page
    assert '<option selected value="32">Jawa Barat</option>' in page
    kabupaten = re.search(r'<select id="kabupaten" name="kabupaten">(.*?)</select>', page, re.S).group(1)
    assert '<option selected value="32.73">Kota Bandung</option>' in kabupaten
    assert "Kabupaten Bandung" in kabupaten
    assert "Jakarta" not in kabupaten


def test_kabupaten_select_waits_for_a_province(client):
    page = client.get("/komunitas").get_data(as_text=True)
    assert re.search(r'<select disabled id="kabupaten" name="kabupaten"><option selected value="">Pilih provinsi dulu</option></select>', page)


# Text search


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("name", "Sanggar Tari Kecak", "kecak"),
        ("headline", "Menanam mangrove di pesisir", "mangrove"),
        ("vision", "Desa tanpa sampah plastik", "plastik"),
        ("programs", ["Kelas menjahit untuk ibu-ibu"], "menjahit"),
    ],
)
def test_search_looks_in_name_headline_vision_and_programs(client, app, make_community, field, value, query):
    make_community("Komunitas Target", slug="target")
    make_community("Komunitas Lain", slug="lain")
    change(app, "target", **{field: value})
    assert community_names(client.get("/komunitas", query_string={"q": query})) == [
        value if field == "name" else "Komunitas Target"
    ]


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("program_descriptions", "Pelatihan menjahit untuk ibu-ibu", "menjahit"),
        ("campaigns", ["Gerakan Seribu Buku"], "seribu"),
        ("categories", ["literasi"], "literacy"),
        ("categories", ["literasi"], "literasi"),
        ("regency_code", "53.71", "kupang"),
        ("regency_code", "53.71", "nusa tenggara timur"),
        ("regency_code", "53.71", "NTT"),
        ("regency_code", "34.71", "DIY"),
        ("regency_code", "33.74", "jateng"),
        ("regency_code", "31.71", "DKI"),
    ],
)
def test_search_looks_in_places_focus_program_descriptions_and_campaigns(client, app, make_community, field, value, query):
    make_community("Komunitas Target", slug="target")
    make_community("Komunitas Lain", slug="lain")
    if field == "program_descriptions":
        with app.app_context():
            community = db.session.scalar(sa.select(Community).where(Community.slug == "target"))
            community.programs.append(Program(title="Kelas sore", description=value, regency_code="32.73"))
            community.refresh_search_text()
            db.session.commit()
    elif field == "campaigns":
        with app.app_context():
            community = db.session.scalar(sa.select(Community).where(Community.slug == "target"))
            community.campaigns.extend(Campaign(title=title) for title in value)
            community.refresh_search_text()
            db.session.commit()
    elif field == "regency_code":
        change(app, "target", regency_code=value, province_code=value[:2])
    else:
        change(app, "target", **{field: value})
    assert community_names(client.get("/komunitas", query_string={"q": query})) == ["Komunitas Target"]


def test_migration_recomputes_the_search_text_of_communities_saved_before_it(client, app, make_community):
    make_community("Rumah Baca Senja", slug="senja", regency_code="53.71", province_code="53")
    change(app, "senja", categories=["literasi"], programs=["Kelas menjahit"])
    with app.app_context():
        community = db.session.scalar(sa.select(Community))
        community.campaigns.append(Campaign(title="Gerakan Seribu Buku"))
        # What the release before this one stored: name, headline, vision and program titles.
        community.search_text = "rumah baca senja taman baca kelas menjahit"
        db.session.commit()
        db.session.remove()
        downgrade(revision=SEARCH_TEXT_MIGRATION_PARENT)
        upgrade()
    for query in ("kupang", "NTT", "literacy", "deskripsi kelas menjahit", "seribu buku"):
        assert community_names(client.get("/komunitas", query_string={"q": query})) == ["Rumah Baca Senja"], query


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        # Each example a newcomer tried; each must find at least what the filter for it finds.
        ("Kupang", {"provinsi": "53", "kabupaten": "53.71"}),
        ("literasi", {"fokus": "literasi"}),
        ("literacy", {"fokus": "literasi"}),
        ("Jawa Barat", {"provinsi": "32"}),
        ("NTT", {"provinsi": "53"}),
        ("Jabar", {"provinsi": "32"}),
        ("sampah", {"fokus": "lingkungan", "q": "bank sampah"}),
    ],
)
def test_the_search_examples_find_the_demo_communities_they_mean(client, demo, query, same_as):
    expected = set(community_names(client.get("/komunitas", query_string=same_as)))
    found = set(community_names(client.get("/komunitas", query_string={"q": query})))
    assert expected and expected <= found


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_example_in_the_home_search_box_finds_demo_communities(client, demo, language):
    client.set_cookie("lang", language)
    placeholder = re.search(r'id="home-q"[^>]* placeholder="([^"]+)"', client.get("/").get_data(as_text=True))
    assert ("literacy" in placeholder.group(1)) == (language == "en")
    examples = [word.strip() for word in placeholder.group(1).split(",")]
    assert len(examples) >= 3
    for example in examples:
        assert community_names(client.get("/komunitas", query_string={"q": example})), example


@pytest.mark.parametrize("query", ["SUMBAWA", "sumbáwa", "Sumbawa", "  sumbawa  "])
def test_search_ignores_case_and_accents(client, make_community, query):
    make_community("Pantai Bersih Sumbáwa", slug="sumbawa")
    make_community("Rumah Baca Senja", slug="senja")
    assert community_names(client.get("/komunitas", query_string={"q": query})) == ["Pantai Bersih Sumbáwa"]


def test_every_word_of_the_query_must_match(client, make_community):
    make_community("Rumah Baca Senja", slug="senja", vision="Buku untuk anak Bandung")
    make_community("Rumah Sehat", slug="sehat", vision="Posyandu di Bandung")
    assert community_names(client.get("/komunitas?q=rumah+bandung")) == ["Rumah Baca Senja", "Rumah Sehat"]
    assert community_names(client.get("/komunitas?q=rumah+buku")) == ["Rumah Baca Senja"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("50%", ["Diskon 50% Buku"]), ("a_b", ["Kode a_b"]), ("\\", ["Garis \\ Miring"])],
)
def test_like_wildcards_in_the_query_are_literal(client, make_community, query, expected):
    make_community("Diskon 50% Buku", slug="diskon-persen")
    make_community("Diskon 500 Buku", slug="diskon-angka")
    make_community("Kode a_b", slug="kode-garis")
    make_community("Kode axb", slug="kode-x")
    make_community("Garis \\ Miring", slug="garis")
    assert community_names(client.get("/komunitas", query_string={"q": query})) == expected


def test_a_large_number_of_matches_is_not_counted_to_the_end(app, client, make_community, monkeypatch):
    for number in range(5):
        make_community(f"Rumah Baca {number}", slug=f"baca-{number}")
    monkeypatch.setattr("webapp.directory.services.COUNT_LIMIT", 3)
    monkeypatch.setattr("webapp.directory.routes.COUNT_LIMIT", 3)
    app.config["DIRECTORY_PAGE_SIZE"] = 2
    for query in ({}, {"q": "baca"}):
        page = client.get("/komunitas", query_string=query).get_data(as_text=True)
        assert "lebih dari 3 komunitas" in page
        assert len(community_names(client.get("/komunitas", query_string=query))) == 2
        # The last page reads up to the last match, so it knows them all.
        last = client.get("/komunitas", query_string={**query, "hal": 3}).get_data(as_text=True)
        assert "5 komunitas" in last and "lebih dari" not in last
    exact = client.get("/komunitas?q=baca+1").get_data(as_text=True)
    assert "1 komunitas" in exact and "lebih dari" not in exact


def test_the_home_page_counts_only_listed_communities_and_their_provinces(client, make_community):
    make_community("Rumah Baca Senja")
    make_community("Bank Sampah Surabaya", province_code="35", regency_code="35.78")
    make_community("Tersembunyi", province_code="31", regency_code="31.71", hidden_at=utcnow())
    home = client.get("/").get_data(as_text=True)
    assert "Komunitas: 2 · Provinsi: 2" in home
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Communities: 2 · Provinces: 2" in english


def test_the_home_page_does_not_count_a_large_directory_to_the_end(client, make_community, monkeypatch):
    for number in range(5):
        make_community(f"Rumah Baca {number}", slug=f"baca-{number}")
    monkeypatch.setattr("webapp.directory.services.COUNT_LIMIT", 3)
    monkeypatch.setattr("webapp.main.routes.COUNT_LIMIT", 3)
    assert "Komunitas: lebih dari 3 · Provinsi: 1" in client.get("/").get_data(as_text=True)
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Communities: more than 3 · Provinces: 1" in english


def test_an_empty_directory_claims_no_size_on_the_home_page(client):
    page = client.get("/").get_data(as_text=True)
    assert "Komunitas:" not in page and "Cari komunitas" in page


def test_a_count_stops_after_reading_enough_communities_and_says_at_least(app, client, make_community, monkeypatch):
    # Counting reads at most READ_LIMIT communities of the region: past that the directory
    # says how many it has seen, and pages on without claiming to know the last page.
    for number in range(6):
        make_community(f"Rumah Baca {number}", slug=f"baca-{number}")
    monkeypatch.setattr("webapp.directory.services.READ_LIMIT", 3)
    app.config["DIRECTORY_PAGE_SIZE"] = 2
    for query in ({}, {"q": "baca"}):
        first = client.get("/komunitas", query_string=query).get_data(as_text=True)
        assert "setidaknya 3 komunitas" in first and "Halaman 1<" in first and "Halaman 1 dari" not in first
        assert 'rel="next"' in first
        last = client.get("/komunitas", query_string={**query, "hal": 3})
        assert len(community_names(last)) == 2
        text = last.get_data(as_text=True)
        # The last page read up to the last match: now every one is known.
        assert "6 komunitas" in text and "setidaknya" not in text and "Halaman 3 dari 3" in text
        assert 'rel="next"' not in text and 'rel="prev"' in text


def test_a_match_past_the_rows_counted_is_counted_by_its_page(client, make_community, monkeypatch):
    # The count reads the first READ_LIMIT communities and finds no "Sungai" among them; the
    # page reads on, finds the one there is, and so knows the whole count: never "at least 0".
    for number in range(5):
        make_community(f"Rumah Baca {number}", slug=f"baca-{number}")
    make_community("Rumah Sungai", slug="sungai")
    monkeypatch.setattr("webapp.directory.services.READ_LIMIT", 3)
    monkeypatch.setattr("webapp.directory.search.COMMON_SHARE", -1)  # checked on each row read
    page = client.get("/komunitas?q=sungai").get_data(as_text=True)
    assert "1 komunitas" in page and "setidaknya" not in page
    assert community_names(client.get("/komunitas?q=sungai")) == ["Rumah Sungai"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "baca", "fokus": "literasi"}, ["Literasi Jakarta", "Rumah Baca Senja"]),
        ({"q": "bandung", "fokus": "lingkungan"}, ["Kebun Kota Bandung"]),
        ({"q": "kota", "fokus": "pendidikan", "provinsi": "32"}, ["Rumah Baca Senja"]),
        ({"q": "jakarta", "fokus": "lingkungan"}, []),
    ],
)
def test_focus_filter_with_common_and_rare_words(client, regions_sample, monkeypatch, filters, expected):
    for share in (-1, 2):  # every word common (checked on each row); every word rare (the index)
        monkeypatch.setattr("webapp.directory.search.COMMON_SHARE", share)
        assert community_names(client.get("/komunitas", query_string=filters)) == expected


def test_focus_filter_follows_a_change_of_focus(app, client, regions_sample):
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == "jakarta"))
        community.categories = [db.session.scalar(sa.select(Category).where(Category.slug == "lingkungan"))]
        community.refresh_search_text()
        db.session.commit()
    assert community_names(client.get("/komunitas?fokus=literasi")) == ["Rumah Baca Senja"]
    assert "Literasi Jakarta" in community_names(client.get("/komunitas?fokus=lingkungan"))


def test_words_are_found_through_the_word_index(app, make_community):
    make_community("Rumah Baca Senja", slug="senja")
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            found = db.session.scalar(sa.text(
                "SELECT count(*) FROM community_search WHERE community_search MATCH '\"senja\"'"))
            assert found == 1
        else:
            db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(db.session.scalars(sa.text(
                "EXPLAIN SELECT id FROM community WHERE search_text LIKE '%senja%'")))
            assert "ix_community_search_text_trgm" in plan


@pytest.mark.parametrize("query", ["baca", "bandung", "literacy", "ntt", "lingkungan sumbawa", "a", "kota jawa", "50%"])
def test_common_and_rare_words_find_the_same(client, regions_sample, monkeypatch, query):
    # SQLite sends a word it finds common to LIKE along the directory's order, a rare one to
    # the word index; either way the same communities come back.
    found = {}
    for share in (-1, 2):  # every word common; every word rare
        monkeypatch.setattr("webapp.directory.search.COMMON_SHARE", share)
        found[share] = community_names(client.get("/komunitas", query_string={"q": query}))
    assert found[-1] == found[2]
    expected = {"bandung": ["Kebun Kota Bandung", "Rumah Baca Senja"], "lingkungan sumbawa": ["Pantai Bersih Sumbawa"],
                "a": ["Kebun Kota Bandung", "Literasi Jakarta", "Pantai Bersih Sumbawa", "Rumah Baca Senja"]}
    assert found[2] == expected.get(query, found[2])


# Page and fragment


def test_full_page_has_the_live_search_form(client, make_community):
    make_community()
    response = client.get("/komunitas?q=senja")
    page = response.get_data(as_text=True)
    assert response.vary.as_set() >= {"hx-request"}
    assert page.startswith("<!doctype html>")
    assert 'hx-get="/komunitas"' in page and 'hx-push-url="true"' in page
    assert 'hx-target="#hasil"' in page and "htmx-indicator" in page
    assert 'name="q" type="search" value="senja"' in page
    assert '<button type="submit">Cari</button>' in page
    assert "<hx-partial" not in page


def test_htmx_request_gets_the_results_and_the_kabupaten_select_only(client, regions_sample):
    response = client.get("/komunitas?provinsi=32", headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "hx-request" in response.vary.as_set()
    assert "<html" not in fragment and 'name="q"' not in fragment
    assert community_names(response) == ["Kebun Kota Bandung", "Rumah Baca Senja"]
    partial = re.search(r'<hx-partial hx-target="#kabupaten" hx-swap="outerHTML">(.*?)</hx-partial>', fragment, re.S)
    assert partial and "Kota Bandung" in partial.group(1) and "disabled" not in partial.group(1)


def test_history_restore_gets_the_full_page(client, make_community):
    make_community()
    response = client.get(
        "/komunitas?q=senja", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert response.get_data(as_text=True).startswith("<!doctype html>")
    assert "hx-request" in response.vary.as_set()


def test_fragment_of_twenty_results_stays_under_four_kilobytes_compressed(client, app, make_community):
    for number in range(21):
        make_community(
            f"Komunitas Pemuda Peduli Lingkungan {number:02d}",
            slug=f"komunitas-{number:02d}",
            headline="Gerakan anak muda untuk kampung yang bersih dan hijau",
        )
        change(app, f"komunitas-{number:02d}", categories=["lingkungan", "kepemudaan", "pendidikan"])
    response = client.get("/komunitas?provinsi=32", headers=HTMX)
    assert len(community_names(response)) == 20
    assert len(gzip.compress(response.data)) < 4096
    assert len(gzip.compress(client.get("/komunitas?provinsi=32").data)) < 14 * 1024


def test_list_loads_related_rows_in_a_fixed_number_of_queries(app, client, make_community):
    statements = []

    def count(*args):
        statements.append(1)

    def queries_for_list():
        statements.clear()
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            client.get("/komunitas")
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    with app.app_context():
        for number in range(2):
            make_community(f"Awal {number}", slug=f"awal-{number}")
            change(app, f"awal-{number}", categories=["literasi"])
        few = queries_for_list()
        for number in range(12):
            make_community(f"Tambah {number}", slug=f"tambah-{number}", regency_code="52.04", province_code="52")
            change(app, f"tambah-{number}", categories=["lingkungan", "sosial"])
        many = queries_for_list()
    assert many == few


# Hostile input


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"hal": "-1"}, 200),
        ({"hal": "0"}, 200),
        ({"hal": "abc"}, 200),
        ({"hal": "99999"}, 303),
        ({"hal": "99999999999999999999999"}, 303),
        ({"provinsi": "ZZ"}, 200),
        ({"provinsi": "\x00"}, 200),
        ({"kabupaten": "99.99"}, 200),
        ({"provinsi": "32", "kabupaten": "'; DROP TABLE community; --"}, 200),
        ({"fokus": "tidak-ada"}, 200),
        ({"fokus": "x" * 5000}, 200),
        ({"q": "x" * 5000}, 200),
        ({"q": "%"}, 200),
        ({"q": "_"}, 200),
        ({"q": "'"}, 200),
        ({"q": "\x00"}, 200),
        ({"q": "😀 🌱"}, 200),
        ({"q": "<script>alert(1)</script>"}, 200),
    ],
)
def test_bad_parameters_never_break_the_list(client, make_community, query, status):
    make_community()
    for headers in ({}, HTMX):
        response = client.get("/komunitas", query_string=query, headers=headers)
        assert response.status_code == status
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_ignored_parameters_show_everything(client, regions_sample):
    response = client.get("/komunitas?provinsi=ZZ&fokus=tidak-ada&kabupaten=99.99&hal=abc")
    assert len(community_names(response)) == 4


def test_query_in_the_page_is_escaped(client):
    page = client.get("/komunitas", query_string={"q": '"><script>alert(1)</script>'}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markup_in_a_community_comes_back_escaped(client, make_community, app):
    payload = "<script>alert(1)</script>"
    make_community(payload + " Nama", slug="xss", headline=payload + " Tagline", vision=payload + " Visi")
    change(app, "xss", programs=[payload + " Program"])
    for url in ("/komunitas", "/komunitas?q=script", "/komunitas/xss"):
        page = client.get(url).get_data(as_text=True)
        assert payload not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Nama" in page
    profile = client.get("/komunitas/xss").get_data(as_text=True)
    for suffix in ("Tagline", "Visi", "Program"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt; " + suffix in profile


# Profile


def test_profile_shows_the_community(client, app, make_user, make_community):
    rina = make_user("rina@contoh.id", name="Rina Koordinator")
    make_community(
        "Rumah Baca Senja",
        slug="senja",
        coordinators=[rina],
        mission="Membuka taman baca\nMengajak relawan mendongeng",
        founded_year=2015,
        member_count=42,
        verified_at=utcnow(),
    )
    change(app, "senja", categories=["literasi"], programs=["Perpustakaan keliling"])
    today = date.today()
    with app.app_context():
        community_id = db.session.scalar(sa.select(Community.id).where(Community.slug == "senja"))
        db.session.add_all([
            Campaign(community_id=community_id, title="Donasi buku anak", starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=30)),
            Campaign(community_id=community_id, title="Kampanye lama", starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=1)),
        ])
        db.session.commit()

    response = client.get("/komunitas/senja")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in (
        "<h1>Rumah Baca Senja</h1>", "Taman baca untuk anak-anak kampung", "Setiap anak punya akses ke buku.",
        "Membuka taman baca\nMengajak relawan mendongeng", "Literasi", "Kota Bandung, Jawa Barat", "2015",
        "42 orang", "Perpustakaan keliling", "Deskripsi Perpustakaan keliling", "Donasi buku anak",
        "<dd>Rina</dd>", "Terverifikasi", "Terakhir diperbarui",
    ):
        assert text in page
    assert "Kampanye lama" not in page
    assert "Rina Koordinator" not in page  # coordinators show their first name unless they choose
    assert "rina@contoh.id" not in page


def test_a_full_profile_loads_in_six_statements(client, app, make_user, make_community):
    coordinators = [make_user(f"k{n}@contoh.id", name=name) for n, name in enumerate(["Sari Wulan", "Budi Santoso"])]
    make_community("Rumah Baca Senja", slug="senja", coordinators=coordinators)
    change(app, "senja", categories=["literasi", "pendidikan"], programs=["Kelas sore", "Perpustakaan keliling"])
    with app.app_context():
        image = Image(sha256="a" * 64, width=512, height=512)
        image.variants = [ImageVariant(width=w, height=w, size=100, data=b"") for w in (64, 128, 256)]
        community = db.session.scalar(sa.select(Community).where(Community.slug == "senja"))
        community.logo = image
        community.campaigns.append(Campaign(title="Donasi buku anak"))
        for program in community.programs:
            program.district_code = "32.73.01"
            program.category = db.session.scalar(sa.select(Category).where(Category.slug == "literasi"))
        db.session.commit()
        engine = db.engine
    statements = []

    def count(conn, cursor, statement, *args):
        if "data_version" not in statement:  # the page cache's key, read before the view runs
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        page = client.get("/komunitas/senja").get_data(as_text=True)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    for text in ("Sari", "Kelas sore", "Kec. ", "Donasi buku anak", "a" * 64, "Pendidikan"):
        assert text in page
    # Five for the community and its lists (find_community), one for its upcoming meetings.
    assert len(statements) <= 6, statements


def test_unverified_profile_says_so(client, make_community):
    make_community(slug="senja")
    assert "belum terverifikasi" in client.get("/komunitas/senja").get_data(as_text=True)


@pytest.mark.parametrize("slug", ["tidak-ada", "x" * 500, "%00"])
def test_unknown_profile_is_not_found(client, make_community, slug):
    make_community(slug="senja")
    assert client.get(f"/komunitas/{slug}").status_code == 404
    assert client.get(f"/komunitas/{slug}/kontak").status_code in (302, 404)


def test_logo_or_placeholder_in_list_and_profile(client, app, make_community):
    make_community("Dengan Logo", slug="logo")
    make_community("Tanpa Logo", slug="polos")
    with app.app_context():
        image = Image(sha256="a" * 64, width=512, height=512)
        image.variants = [ImageVariant(width=w, height=w, size=100, data=b"") for w in (64, 128, 256)]
        db.session.add(image)
        db.session.commit()
        image_id = image.id
    change(app, "logo", logo_id=image_id)
    listing = client.get("/komunitas").get_data(as_text=True)
    assert listing.count("<img ") == 1
    assert re.search(r'<img class="logo" src="[^"]*a{64}-64\.webp" [^>]*width="64" height="64" alt=""', listing)
    # Without a logo: coloured initials, in the list and on the profile alike.
    assert re.search(r'<span class="logo initials tone-[0-5]" aria-hidden="true">TL</span>', listing)
    assert re.search(r'src="[^"]*a{64}-128\.webp"', client.get("/komunitas/logo").get_data(as_text=True))
    profile = client.get("/komunitas/polos").get_data(as_text=True)
    assert "<img " not in profile
    assert re.search(r'<span class="logo logo-large initials tone-[0-5]" aria-hidden="true">TL</span>', profile)


def test_coordinator_sees_a_link_to_manage_the_community(client, auth, make_user, make_community):
    rina = make_user("rina@contoh.id")
    make_user("budi@contoh.id")
    make_community(slug="senja", coordinators=[rina])
    auth.login("budi@contoh.id")
    assert "Kelola komunitas" not in client.get("/komunitas/senja/untuk-anda").get_data(as_text=True)
    auth.logout()
    auth.login("rina@contoh.id")
    # The profile is the same for everyone; the link comes in the personal fragment it loads.
    profile = client.get("/komunitas/senja").get_data(as_text=True)
    assert "Kelola komunitas" not in profile and 'data-personal="/komunitas/senja/untuk-anda"' in profile
    response = client.get("/komunitas/senja/untuk-anda")
    assert "Kelola komunitas" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"


# Contacts


def test_contact_details_never_appear_in_public_pages(client, auth, make_user, make_community):
    make_community("Rumah Baca Senja", slug="senja", **CONTACTS)
    signed_out = {
        url: client.get(url).get_data(as_text=True)
        for url in ("/", "/komunitas", "/komunitas?q=senja", "/komunitas/senja")
    }
    signed_out["fragment"] = client.get("/komunitas?q=senja", headers=HTMX).get_data(as_text=True)
    for url, page in signed_out.items():
        assert "Rumah Baca Senja" in page or url == "/", url
        for value in ("rahasia", "0812", "3456", "senja.example.id", "senjarahasia"):
            assert value not in page, (url, value)
    assert 'href="/komunitas/senja/kontak">Lihat atau minta kontak' in signed_out["/komunitas/senja"]

    make_user()
    auth.login()
    profile = client.get("/komunitas/senja").get_data(as_text=True)
    assert "rahasia" not in profile and "0812" not in profile
    assert profile == signed_out["/komunitas/senja"]  # the same for everyone: it may be kept offline


def test_contact_page_sends_visitors_to_sign_in(client, make_community):
    make_community(slug="senja", **CONTACTS)
    response = client.get("/komunitas/senja/kontak")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/masuk?next=")
    assert "rahasia" not in response.get_data(as_text=True)


def test_accepted_members_see_contacts_as_page_and_fragment(app, client, auth, make_user, make_community):
    make_community(slug="senja", **CONTACTS)
    make_user()
    grant_contacts(app, "relawan@contoh.id", "senja")
    auth.login()
    page = client.get("/komunitas/senja/kontak")
    fragment = client.get("/komunitas/senja/kontak", headers=HTMX)
    for response in (page, fragment):
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "hx-request" in response.vary.as_set()
        assert 'href="mailto:rahasia@senja.id"' in text
        assert 'href="tel:081234567890"' in text
        assert 'href="https://wa.me/6281234567890"' in text
        assert 'href="https://senja.example.id"' in text
        assert 'href="https://instagram.com/senja_rahasia"' in text
        assert 'href="https://senjarahasia.fb"' in text
    assert page.get_data(as_text=True).startswith("<!doctype html>")
    assert "<html" not in fragment.get_data(as_text=True)


def test_only_the_contacts_that_are_set_are_shown(app, client, auth, make_user, make_community):
    make_community(slug="senja", email=None, phone=None)
    make_community("Kebun", slug="kebun", email="kebun@contoh.id", phone=None)
    make_user()
    grant_contacts(app, "relawan@contoh.id", "senja", "kebun")
    auth.login()
    assert "belum mencantumkan kontak" in client.get("/komunitas/senja/kontak").get_data(as_text=True)
    text = client.get("/komunitas/kebun/kontak").get_data(as_text=True)
    assert "kebun@contoh.id" in text and "WhatsApp" not in text and "Telepon" not in text


@pytest.mark.parametrize(
    ("field", "value", "shown", "href"),
    [
        ("instagram", "https://www.instagram.com/penjagamangroveteluk/", "@penjagamangroveteluk", "https://instagram.com/penjagamangroveteluk"),
        ("instagram", "instagram.com/rumah.baca?igsh=abc", "@rumah.baca", "https://instagram.com/rumah.baca"),
        ("instagram", "@rumah.baca", "@rumah.baca", "https://instagram.com/rumah.baca"),
        ("instagram", "senja_baca", "@senja_baca", "https://instagram.com/senja_baca"),
        ("facebook", "https://m.facebook.com/rumahbacasenja", "@rumahbacasenja", "https://facebook.com/rumahbacasenja"),
        ("facebook", "https://facebook.com/profile.php?id=1234", "facebook.com/profile.php?id=1234", "https://facebook.com/profile.php?id=1234"),
        ("website", "https://www.rumahbaca.contoh.id/", "rumahbaca.contoh.id", "https://www.rumahbaca.contoh.id/"),
        ("website", "rumahbaca.id", "rumahbaca.id", "https://rumahbaca.id"),
    ],
)
def test_contacts_read_short_social_profiles_as_at_names(app, client, auth, make_user, make_community, field, value, shown,
                                                        href):
    make_user()
    make_community(slug="senja", **{field: value})
    grant_contacts(app, "relawan@contoh.id", "senja")
    auth.login()
    text = client.get("/komunitas/senja/kontak", headers=HTMX).get_data(as_text=True)
    assert f'<a href="{href}" rel="nofollow noopener">{shown}</a>' in text.replace("&amp;", "&")


@pytest.mark.parametrize("website", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hai"])
def test_a_website_that_is_not_http_is_not_a_link(app, client, auth, make_user, make_community, website):
    make_community(slug="senja", website=website)
    make_user()
    grant_contacts(app, "relawan@contoh.id", "senja")
    auth.login()
    text = client.get("/komunitas/senja/kontak").get_data(as_text=True)
    assert "Situs web" in text
    assert 'href="' + website not in text
    assert "javascript:" not in text.lower().replace(website.lower(), "")


def test_contacts_are_rate_limited_per_account(client, app, auth, make_user, make_community):
    make_community(slug="senja", **CONTACTS)
    make_user("rina@contoh.id")
    make_user("budi@contoh.id")
    grant_contacts(app, "rina@contoh.id", "senja")
    grant_contacts(app, "budi@contoh.id", "senja")
    auth.login("rina@contoh.id")
    for _ in range(20):
        assert client.get("/komunitas/senja/kontak").status_code == 200
    blocked = client.get("/komunitas/senja/kontak")
    assert blocked.status_code == 429
    assert "rahasia" not in blocked.get_data(as_text=True)
    page = blocked.get_data(as_text=True)
    assert "Batas membuka kontak tercapai" in page
    # It says which limit and when it resets (an hour after the first look), not "a moment".
    # The contact page's 429 names the limit and when it resets.
    assert "<h1>Batas membuka kontak tercapai</h1>\n<p>Anda sudah membuka kontak 20 kali dalam 1 jam." in page
    assert re.search(r"Coba lagi dalam (5\d menit|1 jam)\.", page)
    assert "Tunggu sebentar" not in page
    assert 3000 < int(blocked.headers["Retry-After"]) <= 3600

    other = app.test_client()
    other.post("/akun/masuk", data={"email": "budi@contoh.id", "password": "kata-sandi-rahasia-1"})
    assert other.get("/komunitas/senja/kontak").status_code == 200


# Read replicas are PostgreSQL's (streaming replication); SQLite has none.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_searches_read_from_the_replica_when_one_is_configured(database_url, make_community):
    """DATABASE_REPLICA_URL: the directory's search reads go to the replica, nothing else does.
    (Here the "replica" is the same database behind a second engine, so the reads can be told apart.)"""
    from tests.conftest import test_config
    from webapp import create_app

    make_community("Rumah Baca Senja")
    app = create_app(test_config(database_url, SQLALCHEMY_BINDS={"replica": database_url}))
    seen = {"primary": [], "replica": []}
    with app.app_context():
        engines = {"primary": db.engines[None], "replica": db.engines["replica"]}
        listeners = {name: (lambda n: lambda conn, cursor, statement, *a: seen[n].append(statement))(name)
                     for name in engines}
        for name, engine in engines.items():
            sa.event.listen(engine, "before_cursor_execute", listeners[name])
    try:
        page = app.test_client().get("/komunitas?q=baca").get_data(as_text=True)
    finally:
        with app.app_context():
            for name, engine in engines.items():
                sa.event.remove(engine, "before_cursor_execute", listeners[name])
            db.engine.dispose()
            db.engines["replica"].dispose()
    assert "Rumah Baca Senja" in page
    assert any("count(" in s.lower() for s in seen["replica"])
    assert not any("count(" in s.lower() and "search_text" in s for s in seen["primary"])


def test_the_quick_select_draws_what_wtforms_draws(app):
    from wtforms import Form, SelectField, widgets

    from webapp.widgets import Select

    class Both(Form):
        ours = SelectField(choices=[("", "Semua"), ("32", "Jawa <Barat>"), ("a&b", "x\"y")], widget=Select())
        theirs = SelectField(choices=[("", "Semua"), ("32", "Jawa <Barat>"), ("a&b", "x\"y")], widget=widgets.Select())

    form = Both(data={"ours": "32", "theirs": "32"})
    ours, theirs = form.ours(), form.theirs()
    assert ours.replace('name="ours"', "").replace('id="ours"', "") == theirs.replace(
        'name="theirs"', "").replace('id="theirs"', "")
    assert '<option selected value="32">Jawa &lt;Barat&gt;</option>' in ours
