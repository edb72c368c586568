"""Coordinating a community: registering it, editing its profile, programs and campaigns,
and sharing or handing over the coordination. Only its coordinators (and admins) may."""

import io
import re
from datetime import date, timedelta
from functools import partial
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from tests.conftest import COORDINATOR, DEFAULT_PASSWORD, audit_actions, picture_bytes
from webapp.coordination.services import hash_token
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    Campaign,
    Category,
    Community,
    Coordinatorship,
    Invitation,
    Program,
    Role,
    utcnow,
)

def category_ids(app, *slugs):
    with app.app_context():
        query = sa.select(Category.id).where(Category.slug.in_(slugs or ("literasi",)))
        return [str(i) for i in db.session.scalars(query)]


def profile_data(app, **overrides):
    data = {
        "name": "Rumah Baca Senja",
        "headline": "Taman baca untuk anak-anak kampung",
        "vision": "Setiap anak punya akses ke buku.",
        "mission": "Membuka taman baca dan kelas mendongeng.",
        "categories": category_ids(app, "literasi", "pendidikan"),
        "provinsi": "32",
        "kabupaten": "32.73",
        "founded_year": "2015",
        "member_count": "25",
        "email": "halo@rumahbaca.id",
        "phone": "+62 812-3456-7890",
        "website": "https://rumahbaca.id",
        "instagram": "@rumahbaca",
        "facebook": "",
    }
    data.update(overrides)
    return data


def get_community(app, slug="rumah-baca-senja"):
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == slug))
        if community is not None:
            # Load what the tests look at before the session closes.
            community.categories, community.coordinators, community.programs, community.campaigns
            db.session.expunge_all()
        return community


png_bytes = partial(picture_bytes, size=(40, 30))


# --- Registering a community ------------------------------------------------------------------


def test_register_page_fetches_regencies_with_htmx(client, auth, coordinator):
    auth.login(COORDINATOR)
    response = client.get("/kelola/komunitas-baru")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'hx-get="/kelola/wilayah/kabupaten"' in page
    assert 'hx-target="#kabupaten-pilihan"' in page
    # One focus is enough: the browser must not demand that every box be ticked.
    assert not re.search(r'<input[^>]*type="checkbox"[^>]*required|<input[^>]*required[^>]*type="checkbox"', page)
    # Not all 514 kabupaten/kota up front: the page stays small.
    assert "Kota Bandung" not in page and "Pilih provinsi dulu" in page
    assert len(response.data) < 14 * 1024


def test_without_js_the_button_shows_the_provinces_regencies_and_saves_nothing(app, client, auth, coordinator):
    auth.login(COORDINATOR)
    data = profile_data(app, name="", vision="Visi yang saya ketik", provinsi="51", kabupaten="",
                        tampilkan_kabupaten="1")
    response = client.post("/kelola/komunitas-baru", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<option value="51.71">Kota Denpasar</option>' in page
    assert "Kota Bandung" not in page
    assert "Visi yang saya ketik" in page
    assert "Nama wajib diisi." not in page  # nothing was checked yet
    assert get_community(app) is None


def test_regency_options_fragment_holds_only_that_provinces_regencies(client):
    response = client.get("/kelola/wilayah/kabupaten?provinsi=32")
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert '<option value="32.73">Kota Bandung</option>' in fragment
    assert "Jakarta" not in fragment and "31.71" not in fragment


@pytest.mark.parametrize("province", ["", "99", "abc", "\u0000", "x" * 500])
def test_regency_options_for_an_unknown_province_ask_for_a_province(client, province):
    response = client.get("/kelola/wilayah/kabupaten", query_string={"provinsi": province})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "Pilih provinsi dulu" in fragment and fragment.count("<option") == 1


def test_register_creates_an_unverified_community_coordinated_by_its_creator(app, client, auth, coordinator):
    auth.login(COORDINATOR)
    response = client.post("/kelola/komunitas-baru", data=profile_data(app, name="Rumah Baca Ceria!"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/komunitas/rumah-baca-ceria"
    community = get_community(app, "rumah-baca-ceria")
    assert community.name == "Rumah Baca Ceria!"
    assert community.verified_at is None
    assert [u.email for u in community.coordinators] == [COORDINATOR]
    assert sorted(c.slug for c in community.categories) == ["literasi", "pendidikan"]
    assert (community.province_code, community.regency_code) == ("32", "32.73")
    assert (community.founded_year, community.member_count) == (2015, 25)
    assert community.instagram == "https://www.instagram.com/rumahbaca"
    assert community.facebook is None
    assert "rumah baca ceria" in community.search_text
    assert audit_actions(app) == ["community.registered"]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Rumah Baca Senja", "rumah-baca-senja-2"),
        ("Komunitas Baru", "komunitas-baru-2"),  # /kelola/komunitas-baru is the form itself
        ("!!!", "komunitas"),
    ],
)
def test_register_makes_the_slug_unique(app, client, auth, community, name, expected):
    auth.login(COORDINATOR)
    response = client.post("/kelola/komunitas-baru", data=profile_data(app, name=name))
    assert response.headers["Location"] == f"/komunitas/{expected}"


def test_register_needs_a_signed_in_person(app, client):
    for response in (client.get("/kelola/komunitas-baru"), client.post("/kelola/komunitas-baru", data=profile_data(app))):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/akun/masuk")
    assert get_community(app) is None


INVALID_PROFILES = [
    ({"name": ""}, "Nama wajib diisi."),
    ({"name": "   "}, "Nama wajib diisi."),
    ({"name": "x" * 121}, "Nama paling panjang 120 karakter."),
    ({"headline": ""}, "Tulis satu kalimat"),
    ({"vision": "x" * 2001}, "Visi paling panjang 2000 karakter."),
    ({"provinsi": ""}, "Pilih provinsi."),
    ({"provinsi": "99"}, "Provinsi tidak dikenal."),
    ({"kabupaten": ""}, "Pilih kabupaten/kota."),
    ({"kabupaten": "31.71"}, "Kabupaten/kota ini tidak ada di provinsi yang dipilih."),
    ({"kabupaten": "99.99"}, "Kabupaten/kota tidak dikenal."),
    ({"kabupaten": "\u0000"}, "Pilih kabupaten/kota."),
    ({"kabupaten": "32.73\u0000x"}, "Kabupaten/kota tidak dikenal."),
    ({"founded_year": "1800"}, "Tahun berdiri antara 1900 dan"),
    ({"founded_year": "3000"}, "Tahun berdiri antara 1900 dan"),
    ({"founded_year": "abc"}, "Tahun berdiri ditulis dengan angka"),
    ({"founded_year": "99999999999999999999"}, "Tahun berdiri antara 1900 dan"),
    ({"member_count": "-5"}, "Jumlah anggota antara 0 dan 10.000.000."),
    ({"member_count": "99999999999999999999"}, "Jumlah anggota antara 0 dan 10.000.000."),
    ({"member_count": "dua puluh"}, "Jumlah anggota ditulis dengan angka"),
    ({"email": "bukan-email"}, "Alamat e-mail tidak valid."),
    ({"phone": "telepon saya"}, "Nomor telepon hanya berisi angka"),
    ({"website": "javascript:alert(1)"}, "Tulis alamat web, mis. rumahbaca.id"),
    ({"website": "rumahbaca"}, "Tulis alamat web, mis. rumahbaca.id"),
    ({"website": "http://["}, "Tulis alamat web, mis. rumahbaca.id"),
    ({"website": "mailto:halo@rumahbaca.id"}, "Tulis alamat web, mis. rumahbaca.id"),
    ({"facebook": "javascript://facebook.com/%0aalert(1)"}, "Tulis alamat web, mis. rumahbaca.id"),
    ({"instagram": "data:text/html,hai"}, "Tulis alamat web, mis. rumahbaca.id"),
    ({"categories": []}, "Pilih paling sedikit satu fokus."),
    ({"categories": ["999999"]}, "Pilihan fokus tidak dikenal."),
    ({"categories": ["abc"]}, "Pilihan fokus tidak dikenal."),
]


@pytest.mark.parametrize("overrides, message", INVALID_PROFILES)
def test_register_refuses_invalid_input_in_indonesian(app, client, auth, coordinator, overrides, message):
    auth.login(COORDINATOR)
    response = client.post("/kelola/komunitas-baru", data=profile_data(app, **overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert get_community(app) is None


def test_register_with_missing_fields_is_refused_not_an_error(app, client, auth, coordinator):
    auth.login(COORDINATOR)
    response = client.post("/kelola/komunitas-baru", data={})
    assert response.status_code == 422
    assert "Nama wajib diisi." in response.get_data(as_text=True)


def test_refused_registration_keeps_the_typed_text_and_the_chosen_province(app, client, auth, coordinator):
    auth.login(COORDINATOR)
    data = profile_data(app, name="", vision="Visi yang panjang sekali", provinsi="51", kabupaten="51.71")
    page = client.post("/kelola/komunitas-baru", data=data).get_data(as_text=True)
    assert "Visi yang panjang sekali" in page
    assert '<option selected value="51">Bali</option>' in page
    # Only Bali's kabupaten/kota now, with the chosen one still selected.
    assert '<option value="51.71" selected>Kota Denpasar</option>' in page
    assert "Kota Bandung" not in page


# --- Who may manage a community ---------------------------------------------------------------

EDIT_ROUTES = [
    ("GET", "/kelola/{slug}"),
    ("GET", "/kelola/{slug}/profil"),
    ("POST", "/kelola/{slug}/profil"),
    ("POST", "/kelola/{slug}/logo"),
    ("GET", "/kelola/{slug}/program"),
    ("POST", "/kelola/{slug}/program"),
    ("GET", "/kelola/{slug}/program/{program}"),
    ("POST", "/kelola/{slug}/program/{program}"),
    ("GET", "/kelola/{slug}/program/{program}/hapus"),
    ("POST", "/kelola/{slug}/program/{program}/hapus"),
    ("GET", "/kelola/{slug}/kampanye"),
    ("POST", "/kelola/{slug}/kampanye"),
    ("GET", "/kelola/{slug}/kampanye/{campaign}"),
    ("POST", "/kelola/{slug}/kampanye/{campaign}"),
    ("GET", "/kelola/{slug}/kampanye/{campaign}/hapus"),
    ("POST", "/kelola/{slug}/kampanye/{campaign}/hapus"),
    ("GET", "/kelola/{slug}/koordinator"),
    ("POST", "/kelola/{slug}/koordinator/undang"),
    ("POST", "/kelola/{slug}/koordinator/serahkan"),
    ("POST", "/kelola/{slug}/koordinator/mundur"),
    ("POST", "/kelola/{slug}/koordinator/{user}/hapus"),
]


@pytest.fixture
def two_communities(app, community, other_community, coordinator):
    """Community A (ours) and B (someone else's), each with a program and a campaign."""
    with app.app_context():
        ids = {}
        for key, slug in (("a", community.slug), ("b", other_community.slug)):
            target = db.session.scalar(sa.select(Community).where(Community.slug == slug))
            program = Program(title=f"Program {key}", community=target, regency_code=target.regency_code)
            campaign = Campaign(title=f"Kampanye {key}", community=target)
            db.session.add_all([program, campaign])
            db.session.flush()
            ids[key] = {"slug": slug, "program": program.id, "campaign": campaign.id,
                        "user": target.coordinatorships[0].user_id}
        db.session.commit()
    return ids


def snapshot(app):
    """Everything an edit route could change, to check that a refused request changed nothing."""
    with app.app_context():
        rows = []
        for model in (Community, Program, Campaign, Coordinatorship, Invitation, AuditEvent):
            for item in db.session.scalars(sa.select(model).order_by(model.id)):
                rows.append({c.key: getattr(item, c.key) for c in sa.inspect(model).columns})
        return rows


def hostile_form(app):
    return {**profile_data(app, name="Diambil alih"), "version": "1", "title": "Diambil alih",
            "email": "penyusup@contoh.id", "successor": "1",
            "logo": (io.BytesIO(png_bytes()), "logo.png")}


@pytest.mark.parametrize("method, url", EDIT_ROUTES)
def test_edit_routes_send_anonymous_visitors_to_sign_in(app, client, two_communities, method, url):
    before = snapshot(app)
    response = client.open(url.format(**two_communities["a"]), method=method, data=hostile_form(app) if method == "POST" else None)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/akun/masuk")
    assert snapshot(app) == before


@pytest.mark.parametrize("method, url", EDIT_ROUTES)
def test_a_coordinator_of_one_community_cannot_manage_another(app, client, auth, two_communities, method, url):
    auth.login(COORDINATOR)
    before = snapshot(app)
    response = client.open(url.format(**two_communities["b"]), method=method, data=hostile_form(app) if method == "POST" else None)
    assert response.status_code == 403
    assert snapshot(app) == before


@pytest.mark.parametrize("method, url", EDIT_ROUTES)
def test_edit_routes_of_an_unknown_community_are_not_found(app, client, auth, two_communities, method, url):
    auth.login(COORDINATOR)
    values = {**two_communities["a"], "slug": "tidak-ada"}
    response = client.open(url.format(**values), method=method, data=hostile_form(app) if method == "POST" else None)
    assert response.status_code == 404


@pytest.mark.parametrize("method, url", [r for r in EDIT_ROUTES if "{program}" in r[1] or "{campaign}" in r[1]])
def test_another_communitys_program_or_campaign_is_not_found_under_ours(app, client, auth, two_communities, method, url):
    auth.login(COORDINATOR)
    before = snapshot(app)
    values = {**two_communities["a"], "program": two_communities["b"]["program"],
              "campaign": two_communities["b"]["campaign"]}
    response = client.open(url.format(**values), method=method, data=hostile_form(app) if method == "POST" else None)
    assert response.status_code == 404
    assert snapshot(app) == before


@pytest.mark.parametrize("url", ["/kelola/rumah-baca-senja/program/99999999999999999999",
                                 "/kelola/rumah-baca-senja/program/0"])
def test_absurd_ids_are_not_found(client, auth, community, url):
    auth.login(COORDINATOR)
    assert client.get(url).status_code == 404


def test_an_admin_may_manage_any_community(client, auth, make_user, community):
    make_user("admin@contoh.id", role=Role.ADMIN)
    auth.login("admin@contoh.id")
    assert client.get("/kelola/rumah-baca-senja/profil").status_code == 200
    assert client.get("/kelola/rumah-baca-senja").status_code == 200


def test_management_pages_are_kept_out_of_caches(client, auth, community):
    # Signed in for real: the redirect to the sign-in page is no-store as well.
    assert auth.login(COORDINATOR).status_code == 303
    response = client.get("/kelola/rumah-baca-senja")
    assert response.status_code == 200 and "Rumah Baca Senja" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


# --- Editing the profile ----------------------------------------------------------------------


def test_edit_form_shows_the_saved_profile_and_its_version(app, client, auth, community):
    auth.login(COORDINATOR)
    response = client.get("/kelola/rumah-baca-senja/profil")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'value="Rumah Baca Senja"' in page
    assert '<input id="version" name="version" type="hidden" value="1">' in page
    assert '<option value="32.73" selected>Kota Bandung</option>' in page


def test_saving_the_profile_bumps_the_version_and_records_who_changed_what(app, client, auth, community, coordinator):
    auth.login(COORDINATOR)
    data = profile_data(app, name="Rumah Baca Fajar", headline="Perpustakaan keliling", version="1")
    response = client.post("/kelola/rumah-baca-senja/profil", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/kelola/rumah-baca-senja/profil"
    saved = get_community(app)
    assert (saved.name, saved.headline, saved.version) == ("Rumah Baca Fajar", "Perpustakaan keliling", 2)
    assert saved.updated_by_id == coordinator.id
    assert "perpustakaan keliling" in saved.search_text
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "community.updated"))
        assert {"name", "headline", "categories"} <= set(event.details["fields"])
        assert "province" not in event.details["fields"]
    assert "Profil tersimpan." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_stale_edit_is_refused_and_shows_what_was_saved_meanwhile(app, client, auth, make_user, community):
    colleague = make_user("kolega@contoh.id", name="Sari Kolega")
    with app.app_context():
        db.session.add(Coordinatorship(community_id=community.id, user_id=colleague.id))
        db.session.commit()
    auth.login(COORDINATOR)
    assert 'name="version" type="hidden" value="1"' in client.get("/kelola/rumah-baca-senja/profil").get_data(as_text=True)

    other = app.test_client()
    other.post("/akun/masuk", data={"email": "kolega@contoh.id", "password": "kata-sandi-rahasia-1"})
    saved = other.post("/kelola/rumah-baca-senja/profil",
                       data=profile_data(app, headline="Judul dari Sari", version="1"))
    assert saved.status_code == 303

    mine = profile_data(app, headline="Judul dari Rina", vision="Visi baru dari Rina", version="1")
    response = client.post("/kelola/rumah-baca-senja/profil", data=mine)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Sari Kolega menyimpan perubahan pada" in page
    assert "<dt>Dikenal karena</dt>" in page and "<dd>Judul dari Sari</dd>" in page
    assert "<dt>Visi</dt>" in page
    assert "<dt>Nama komunitas</dt>" not in page  # the same on both sides
    assert 'value="Judul dari Rina"' in page and "Visi baru dari Rina" in page
    assert 'name="version" type="hidden" value="2"' in page
    stored = get_community(app)
    assert (stored.headline, stored.vision, stored.version) == ("Judul dari Sari", "Setiap anak punya akses ke buku.", 2)

    # Merged by hand and sent again from the refreshed form: saved.
    response = client.post("/kelola/rumah-baca-senja/profil", data={**mine, "version": "2"})
    assert response.status_code == 303
    assert get_community(app).headline == "Judul dari Rina"


def test_without_js_the_edit_page_can_switch_province_before_saving(app, client, auth, community):
    auth.login(COORDINATOR)
    data = profile_data(app, name="Nama baru", provinsi="51", version="1", tampilkan_kabupaten="1")
    response = client.post("/kelola/rumah-baca-senja/profil", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<option value="51.71">Kota Denpasar</option>' in page and 'value="Nama baru"' in page
    stored = get_community(app)
    assert (stored.name, stored.province_code, stored.version) == ("Rumah Baca Senja", "32", 1)


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "99999999999999999999"])
def test_a_missing_or_forged_version_is_never_saved_over(app, client, auth, community, version):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/profil", data=profile_data(app, name="Lain", version=version))
    assert response.status_code == 409
    assert get_community(app).name == "Rumah Baca Senja"


@pytest.mark.parametrize("overrides, message", INVALID_PROFILES[:12])
def test_edit_refuses_invalid_input(app, client, auth, community, overrides, message):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/profil", data=profile_data(app, version="1", **overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    stored = get_community(app)
    assert (stored.name, stored.version) == ("Rumah Baca Senja", 1)


XSS = "<script>alert(1)</script>"


@pytest.mark.parametrize("field", ["name", "headline", "vision", "mission"])
def test_stored_script_comes_back_escaped(app, client, auth, community, field):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/profil", data=profile_data(app, version="1", **{field: XSS}))
    assert response.status_code == 303
    for url in ("/kelola/rumah-baca-senja/profil", "/komunitas/rumah-baca-senja", "/kelola/rumah-baca-senja"):
        page = client.get(url).get_data(as_text=True)
        assert XSS not in page, url
    edit_page = client.get("/kelola/rumah-baca-senja/profil").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in edit_page


def test_contact_details_stay_out_of_the_public_profile(app, client, auth, community):
    auth.login(COORDINATOR)
    client.post("/kelola/rumah-baca-senja/profil", data=profile_data(app, version="1", email="rahasia@rumahbaca.id"))
    auth.logout()
    page = client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
    assert "rahasia@rumahbaca.id" not in page and "3456-7890" not in page


# --- Logo -------------------------------------------------------------------------------------


def test_uploading_a_logo_stores_it_and_serves_it_as_webp(app, client, auth, community):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/logo", data={"logo": (io.BytesIO(png_bytes()), "logo.png")})
    assert response.status_code == 303
    assert response.headers["Location"] == "/kelola/rumah-baca-senja/profil"
    with app.app_context():
        stored = db.session.scalar(sa.select(Community).where(Community.slug == "rumah-baca-senja"))
        assert stored.logo is not None and stored.version == 1
        sha = stored.logo.sha256
    assert audit_actions(app) == ["community.logo_changed"]
    page = client.get("/kelola/rumah-baca-senja/profil").get_data(as_text=True)
    assert f"/media/{sha}-128.webp" in page
    assert client.get(f"/media/{sha}-128.webp").headers["Content-Type"] == "image/webp"


@pytest.mark.parametrize(
    "upload, message",
    [
        ((b"bukan gambar, hanya teks", "logo.png"), "bukan gambar JPEG, PNG, WebP atau GIF"),
        ((b"", "kosong.png"), "Pilih berkas gambar"),
        (None, "Pilih berkas gambar"),
    ],
)
def test_a_bad_logo_is_refused_with_a_form_error(app, client, auth, community, upload, message):
    auth.login(COORDINATOR)
    data = {"logo": (io.BytesIO(upload[0]), upload[1])} if upload else {}
    response = client.post("/kelola/rumah-baca-senja/logo", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert get_community(app).logo_id is None


# --- Programs and campaigns -------------------------------------------------------------------


def program_data(app, **values):
    """A complete new-program form: a literacy program in Kota Bandung, running."""
    with app.app_context():
        literacy = db.session.scalar(sa.select(Category.id).where(Category.slug == "literasi"))
    data = {"title": "Perpustakaan Perahu", "fokus": str(literacy), "target_group": "anak nelayan",
            "provinsi": "32", "kabupaten": "32.73", "status": "running", "description": "Buku ke pulau-pulau."}
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def test_adding_a_program_lists_it_and_makes_it_searchable(app, client, auth, community):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/program", data=program_data(app))
    assert response.status_code == 303
    with app.app_context():
        added = db.session.scalar(sa.select(Program.id))
    # To the new program's card (not the form's #tambah), with the message in it.
    assert response.headers["Location"] == f"/kelola/rumah-baca-senja/program?baru={added}#program-{added}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    card = re.search(rf'<li class="card added" id="program-{added}">(.*?)</li>', page, re.S).group(1)
    assert "Program ditambahkan." in card and "Perpustakaan Perahu" in card
    # The add form is folded away under its summary, no longer open.
    assert '<details class="add" id="tambah">' in page
    assert "Program ditambahkan." not in client.get("/kelola/rumah-baca-senja/program").get_data(as_text=True)
    assert "perpustakaan perahu" in get_community(app).search_text
    assert audit_actions(app) == ["program.created"]


@pytest.mark.parametrize(
    "values, message",
    [
        ({"title": ""}, "Nama program wajib diisi."),
        ({"title": None}, "Nama program wajib diisi."),
        ({"title": "x" * 161}, "Nama program paling panjang 160 karakter."),
        ({"description": "x" * 5001}, "Keterangan paling panjang 5000 karakter."),
    ],
)
def test_invalid_programs_are_refused(app, client, auth, community, values, message):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/program", data=program_data(app, **values))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert get_community(app).programs == []


@pytest.fixture
def program(app, community):
    with app.app_context():
        item = Program(community_id=community.id, title="Kelas Mendongeng", description="Setiap Sabtu.",
                       regency_code="32.73")
        db.session.add(item)
        db.session.commit()
        return item.id


def test_editing_a_program_updates_search_text_and_version(app, client, auth, community, program):
    auth.login(COORDINATOR)
    url = f"/kelola/rumah-baca-senja/program/{program}"
    assert 'name="version" type="hidden" value="1"' in client.get(url).get_data(as_text=True)
    response = client.post(url, data=program_data(app, title="Kelas Menulis", description="Setiap Minggu.", version="1"))
    assert response.status_code == 303
    with app.app_context():
        item = db.session.get(Program, program)
        assert (item.title, item.version) == ("Kelas Menulis", 2)
        assert "kelas menulis" in item.community.search_text
        assert "mendongeng" not in item.community.search_text


def test_a_stale_program_edit_is_refused(app, client, auth, community, program):
    auth.login(COORDINATOR)
    url = f"/kelola/rumah-baca-senja/program/{program}"
    client.post(url, data=program_data(app, title="Kelas Menulis", description="Setiap Sabtu.", version="1"))
    response = client.post(url, data=program_data(app, title="Kelas Melukis", description="Setiap Sabtu.", version="1"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    # The same person saved it in another tab: they are told so, not given their own name.
    assert "Anda sendiri menyimpan perubahan di tab atau perangkat lain" in page
    assert "Rina Koordinator menyimpan" not in page
    assert "<dd>Kelas Menulis</dd>" in page and 'value="Kelas Melukis"' in page
    with app.app_context():
        assert db.session.get(Program, program).title == "Kelas Menulis"


def test_deleting_a_program_asks_first_then_deletes(app, client, auth, community, program):
    auth.login(COORDINATOR)
    url = f"/kelola/rumah-baca-senja/program/{program}/hapus"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ya, hapus" in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Program, program) is not None
    response = client.post(url)
    assert response.status_code == 303
    assert response.headers["Location"] == "/kelola/rumah-baca-senja/program"
    with app.app_context():
        assert db.session.get(Program, program) is None
    assert "mendongeng" not in get_community(app).search_text
    assert audit_actions(app) == ["program.deleted"]


def test_adding_a_campaign_with_its_period(app, client, auth, community):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/kampanye",
                           data={"title": "Donasi Buku", "starts_on": "2025-08-01", "ends_on": "2025-08-31"})
    assert response.status_code == 303
    with app.app_context():
        campaign = db.session.scalar(sa.select(Campaign))
        assert (campaign.starts_on, campaign.ends_on) == (date(2025, 8, 1), date(2025, 8, 31))
    assert "Donasi Buku" in client.get("/kelola/rumah-baca-senja/kampanye").get_data(as_text=True)
    assert audit_actions(app) == ["campaign.created"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": ""}, "Nama kampanye wajib diisi."),
        ({"title": "x" * 161}, "Nama kampanye paling panjang 160 karakter."),
        ({"title": "A", "starts_on": "2025-08-31", "ends_on": "2025-08-01"}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"title": "A", "starts_on": "besok"}, "Tanggal tidak valid"),
        ({"title": "A", "ends_on": "2025-02-30"}, "Tanggal tidak valid"),
    ],
)
def test_invalid_campaigns_are_refused(app, client, auth, community, data, message):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/kampanye", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Campaign.id))) == 0


def test_editing_and_deleting_a_campaign(app, client, auth, community):
    with app.app_context():
        campaign = Campaign(community_id=community.id, title="Donasi Buku")
        db.session.add(campaign)
        db.session.commit()
        campaign_id = campaign.id
    auth.login(COORDINATOR)
    url = f"/kelola/rumah-baca-senja/kampanye/{campaign_id}"
    response = client.post(url, data={"title": "Donasi Buku Anak", "ends_on": "2030-01-01", "version": "1"})
    assert response.status_code == 303
    stale = client.post(url, data={"title": "Lain", "version": "1"})
    assert stale.status_code == 409 and "<dd>2030-01-01</dd>" in stale.get_data(as_text=True)
    assert client.post(url + "/hapus").status_code == 303
    assert audit_actions(app) == ["campaign.updated", "campaign.deleted"]


# --- Coordinators: invitations, hand-over, stepping down --------------------------------------


def invite(client, email):
    return client.post("/kelola/rumah-baca-senja/koordinator/undang", data={"email": email})


# Where an opened invitation link leads: the token is spent on first load and kept in the session.
ACCEPT = "/kelola/undangan"


def invitation_link(caplog):
    links = re.findall(r"http://localhost(/kelola/undangan/[A-Za-z0-9_-]+)", caplog.text)
    assert links, "no invitation link in the log"
    return links[-1]


def test_invitation_end_to_end(app, client, auth, make_user, community, caplog):
    caplog.set_level("INFO")
    auth.login(COORDINATOR)
    response = invite(client, "Sari@Contoh.id")
    assert response.status_code == 303
    assert response.headers["Location"] == "/kelola/rumah-baca-senja/koordinator"
    assert "sari@contoh.id" in client.get("/kelola/rumah-baca-senja/koordinator").get_data(as_text=True)
    link = invitation_link(caplog)
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation))
        assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
        assert timedelta(days=6) < invitation.expires_at - utcnow() <= timedelta(days=7)

    auth.logout()
    make_user("sari@contoh.id", name="Sari Baru")
    auth.login("sari@contoh.id")
    page = client.get(link, follow_redirects=True)
    assert page.status_code == 200
    assert "Rina Koordinator mengundang Anda menjadi koordinator Rumah Baca Senja" in page.get_data(as_text=True)
    response = client.post(ACCEPT)
    assert response.status_code == 303
    assert response.headers["Location"] == "/kelola/rumah-baca-senja"
    assert sorted(u.email for u in get_community(app).coordinators) == [COORDINATOR, "sari@contoh.id"]
    assert client.get("/kelola/rumah-baca-senja").status_code == 200
    assert audit_actions(app) == ["coordinator.invited", "coordinator.joined"]

    reused = client.post(ACCEPT)
    assert reused.status_code == 410
    assert "Undangan sudah dipakai" in reused.get_data(as_text=True)


def test_an_invitation_link_opens_once_and_leaves_no_token_in_the_url(app, client, auth, make_user, community,
                                                                    caplog):
    """Access logs keep the mailed URL; its token is replaced on first load, so it opens nothing later."""
    caplog.set_level("INFO")
    auth.login(COORDINATOR)
    invite(client, "sari@contoh.id")
    link = invitation_link(caplog)
    auth.logout()
    invitee = app.test_client()
    page = invitee.get(link, follow_redirects=True)
    assert page.status_code == 200 and page.request.path == ACCEPT
    assert link.rsplit("/", 1)[1] not in page.get_data(as_text=True)
    assert app.test_client().get(link).status_code == 404
    assert invitee.get(link).status_code == 404
    # The browser that opened it carries on, through signing in.
    make_user("sari@contoh.id")
    invitee.post("/akun/masuk", data={"email": "sari@contoh.id", "password": DEFAULT_PASSWORD})
    assert invitee.post(ACCEPT).status_code == 303
    assert len(get_community(app).coordinators) == 2


def test_an_invitation_is_only_for_the_invited_address(app, client, auth, make_user, community, caplog):
    caplog.set_level("INFO")
    auth.login(COORDINATOR)
    invite(client, "sari@contoh.id")
    link = invitation_link(caplog)
    auth.logout()
    make_user("orang.lain@contoh.id")
    auth.login("orang.lain@contoh.id")
    for response in (client.get(link, follow_redirects=True), client.post(ACCEPT)):
        assert response.status_code == 403
        assert "Undangan ini untuk orang lain" in response.get_data(as_text=True)
    assert len(get_community(app).coordinators) == 1


def test_an_expired_invitation_is_refused(app, client, auth, make_user, community, caplog):
    caplog.set_level("INFO")
    auth.login(COORDINATOR)
    invite(client, "sari@contoh.id")
    link = invitation_link(caplog)
    with app.app_context():
        db.session.execute(sa.update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    auth.logout()
    make_user("sari@contoh.id")
    auth.login("sari@contoh.id")
    client.get(link)
    response = client.post(ACCEPT)
    assert response.status_code == 410
    assert "kedaluwarsa" in response.get_data(as_text=True)
    assert len(get_community(app).coordinators) == 1


@pytest.mark.parametrize("token", ["tidak-ada-token-seperti-ini-sama-sekali", "pendek", "%00" * 30])
def test_an_unknown_invitation_is_not_found(client, auth, coordinator, token):
    auth.login(COORDINATOR)
    assert client.get(f"/kelola/undangan/{token}").status_code == 404


def test_an_unknown_invitation_shows_nothing_to_a_signed_out_person(client):
    response = client.get("/kelola/undangan/" + "a" * 43)
    assert response.status_code == 404
    assert "koordinator" not in response.get_data(as_text=True).lower().split("<main", 1)[1]


def test_a_signed_out_invitee_is_told_who_invited_them_and_with_which_address(app, client, auth, community, caplog):
    caplog.set_level("INFO")
    auth.login(COORDINATOR)
    invite(client, "sari@contoh.id")
    link = invitation_link(caplog)
    auth.logout()
    response = client.get(link, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Rina Koordinator mengundang Anda menjadi koordinator Rumah Baca Senja" in page
    assert "<strong>sari@contoh.id</strong>" in page
    hrefs = {unquote(href) for href in re.findall(r'href="(/akun/[^"]+)"', page)}
    assert {f"/akun/masuk?next={ACCEPT}", f"/akun/daftar?next={ACCEPT}"} <= hrefs
    assert response.headers["Cache-Control"] == "no-store"
    # Accepting still needs the addressee signed in.
    accept = client.post(ACCEPT)
    assert accept.status_code == 303 and accept.headers["Location"].startswith("/akun/masuk")
    assert len(get_community(app).coordinators) == 1


def test_invitations_are_rate_limited_per_account(app, client, auth, community):
    auth.login(COORDINATOR)
    statuses = [invite(client, f"orang{number}@contoh.id").status_code for number in range(21)]
    assert statuses == [303] * 20 + [429]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 20


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "E-mail wajib diisi."),
        ("bukan-email", "Alamat e-mail tidak valid."),
        ("x" * 250 + "@contoh.id", "E-mail paling panjang 254 karakter."),
        (COORDINATOR.upper(), "Orang ini sudah menjadi koordinator."),
    ],
)
def test_invalid_invitations_are_refused(app, client, auth, community, email, message):
    auth.login(COORDINATOR)
    response = invite(client, email)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


@pytest.fixture
def colleague(app, make_user, community):
    user = make_user("sari@contoh.id", name="Sari Kolega")
    with app.app_context():
        db.session.add(Coordinatorship(community_id=community.id, user_id=user.id))
        db.session.commit()
    return user


def test_handing_over_leaves_the_successor_in_charge(app, client, auth, community, coordinator, colleague, caplog):
    caplog.set_level("INFO")
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja/koordinator").get_data(as_text=True)
    assert f'<option value="{colleague.id}">Sari Kolega</option>' in page
    # First a page that names the successor and asks; nothing has changed yet.
    confirm = client.post("/kelola/rumah-baca-senja/koordinator/serahkan", data={"successor": str(colleague.id)})
    assert confirm.status_code == 200
    asked = confirm.get_data(as_text=True)
    assert "Serahkan koordinasi kepada Sari Kolega?" in asked
    assert f'<input type="hidden" name="successor" value="{colleague.id}">' in asked
    assert len(get_community(app).coordinators) == 2
    response = client.post(
        "/kelola/rumah-baca-senja/koordinator/serahkan", data={"successor": str(colleague.id), "yakin": "1"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/komunitas/rumah-baca-senja"
    assert [u.email for u in get_community(app).coordinators] == ["sari@contoh.id"]
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "coordination.handed_over"))
        assert event.details == {"from_user_id": coordinator.id, "to_user_id": colleague.id}
    assert client.get("/kelola/rumah-baca-senja").status_code == 403
    # The successor is told by e-mail, with the link to the community's management page.
    assert "To: sari@contoh.id\nSubject: Anda kini koordinator Rumah Baca Senja" in caplog.text
    assert "Rina Koordinator menyerahkan koordinasi Rumah Baca Senja kepada Anda." in caplog.text
    assert "http://localhost/kelola/rumah-baca-senja" in caplog.text


def test_the_successor_finds_the_hand_over_in_their_inbox(app, client, auth, community, colleague):
    auth.login(COORDINATOR)
    client.post("/kelola/rumah-baca-senja/koordinator/serahkan", data={"successor": str(colleague.id), "yakin": "1"})
    auth.logout()
    auth.login("sari@contoh.id")
    assert client.get("/kotak-masuk/jumlah").get_json() == {"unread": 1}
    inbox = client.get("/kotak-masuk").get_data(as_text=True)
    assert "Rina Koordinator menyerahkan koordinasi Rumah Baca Senja kepada Anda." in inbox


@pytest.mark.parametrize("successor", ["", "abc", "999999", "self"])
def test_handing_over_only_to_another_coordinator(app, client, auth, community, coordinator, colleague, make_user, successor):
    make_user("bukan@contoh.id")
    auth.login(COORDINATOR)
    value = str(coordinator.id) if successor == "self" else successor
    response = client.post("/kelola/rumah-baca-senja/koordinator/serahkan", data={"successor": value})
    assert response.status_code == 422
    assert len(get_community(app).coordinators) == 2


def test_the_last_coordinator_cannot_step_down(app, client, auth, community):
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja/koordinator").get_data(as_text=True)
    assert "Anda satu-satunya koordinator" in page
    response = client.post("/kelola/rumah-baca-senja/koordinator/mundur")
    assert response.status_code == 409
    assert "Anda koordinator terakhir" in response.get_data(as_text=True)
    assert [u.email for u in get_community(app).coordinators] == [COORDINATOR]
    assert audit_actions(app) == []


def test_a_coordinator_with_colleagues_can_step_down(app, client, auth, community, colleague):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/koordinator/mundur")
    assert response.status_code == 303
    assert [u.email for u in get_community(app).coordinators] == ["sari@contoh.id"]
    assert audit_actions(app) == ["coordinator.stepped_down"]


def test_coordinators_cannot_remove_each_other_but_admins_can(app, client, auth, make_user, community, colleague):
    auth.login(COORDINATOR)
    url = f"/kelola/rumah-baca-senja/koordinator/{colleague.id}/hapus"
    assert client.post(url).status_code == 403
    auth.logout()
    make_user("admin@contoh.id", role=Role.ADMIN)
    auth.login("admin@contoh.id")
    assert client.post(url).status_code == 303
    assert [u.email for u in get_community(app).coordinators] == [COORDINATOR]
    # The last one stays.
    with app.app_context():
        last_id = get_community(app).coordinators[0].id
    response = client.post(f"/kelola/rumah-baca-senja/koordinator/{last_id}/hapus")
    assert response.status_code == 409
    assert len(get_community(app).coordinators) == 1
    assert audit_actions(app) == ["coordinator.removed"]


# --- Overview ---------------------------------------------------------------------------------


def test_overview_links_everything_and_shows_the_last_twenty_events(app, client, auth, community, coordinator):
    with app.app_context():
        for number in range(25):
            db.session.add(AuditEvent(action="program.created", actor_id=coordinator.id,
                                      community_id=community.id, details={"title": f"Program nomor {number}"}))
        db.session.commit()
    auth.login(COORDINATOR)
    response = client.get("/kelola/rumah-baca-senja")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for link in ("/kelola/rumah-baca-senja/profil", "/kelola/rumah-baca-senja/program",
                 "/kelola/rumah-baca-senja/kampanye", "/kelola/rumah-baca-senja/koordinator",
                 "/komunitas/rumah-baca-senja"):
        assert f'href="{link}"' in page
    assert page.count("menambah program") == 20
    assert "Program nomor 24" in page and "Program nomor 4<" not in page
    assert "belum terverifikasi" in page


def test_step_down_is_offered_only_when_someone_else_stays(client, auth, make_user, make_community):
    rina = make_user("rina@contoh.id")
    make_community("Rumah Baca Senja", coordinators=[rina], slug="senja")
    auth.login("rina@contoh.id")
    alone = client.get("/kelola/senja/koordinator").get_data(as_text=True)
    assert "Mundur sebagai koordinator" not in alone
    assert "Anda satu-satunya koordinator" in alone

    budi = make_user("budi@contoh.id")
    make_community("Bank Sampah Lestari", coordinators=[rina, budi], slug="lestari")
    assert "Mundur sebagai koordinator" in client.get("/kelola/lestari/koordinator").get_data(as_text=True)


# --- What the issue of a newcomer's end-to-end try found -----------------------------------------


def profile_edit_data(app, community, **overrides):
    return profile_data(app, version=str(community.version), **overrides)


def test_uploading_a_logo_keeps_the_unsaved_profile_text(app, client, auth, community):
    auth.login(COORDINATOR)
    data = profile_edit_data(app, community, vision="Visi baru yang belum disimpan")
    data["logo"] = (io.BytesIO(png_bytes()), "logo.png")
    response = client.post("/kelola/rumah-baca-senja/logo", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Visi baru yang belum disimpan" in page
    assert "Logo tersimpan. Perubahan lain di formulir ini belum disimpan" in page
    stored = get_community(app)
    assert stored.logo_id is not None and stored.vision == "Setiap anak punya akses ke buku."
    # Then "Simpan profil" saves the text: the logo did not make the form stale.
    data = profile_edit_data(app, community, vision="Visi baru yang belum disimpan")
    assert client.post("/kelola/rumah-baca-senja/profil", data=data).status_code == 303
    assert get_community(app).vision == "Visi baru yang belum disimpan"


def test_a_refused_logo_keeps_the_unsaved_profile_text(app, client, auth, community):
    auth.login(COORDINATOR)
    data = profile_edit_data(app, community, vision="Visi yang saya ketik")
    data["logo"] = (io.BytesIO(b"bukan gambar"), "logo.png")
    response = client.post("/kelola/rumah-baca-senja/logo", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Visi yang saya ketik" in page and "bukan gambar JPEG, PNG, WebP atau GIF" in page


def test_saving_the_profile_saves_a_chosen_logo_too(app, client, auth, community):
    auth.login(COORDINATOR)
    data = profile_edit_data(app, community, vision="Visi bersama logo")
    data["logo"] = (io.BytesIO(png_bytes()), "logo.png")
    assert client.post("/kelola/rumah-baca-senja/profil", data=data).status_code == 303
    stored = get_community(app)
    assert stored.vision == "Visi bersama logo" and stored.logo_id is not None


def test_the_profile_page_has_one_element_with_id_logo_and_one_form(client, auth, community):
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja/profil").get_data(as_text=True)
    assert len(re.findall(r'id="logo"', page)) == 1
    assert '<label for="logo">Logo</label>' in page
    assert page.count("<form ") == 1 + page.count('action="/akun/keluar"')
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize(
    "field, typed, stored",
    [
        ("website", "rumahbaca.id", "https://rumahbaca.id"),
        ("website", "www.rumahbaca.id/tentang", "https://www.rumahbaca.id/tentang"),
        ("website", "http://rumahbaca.id", "http://rumahbaca.id"),
        ("instagram", "@rumahbaca", "https://www.instagram.com/rumahbaca"),
        ("instagram", "@rumah.baca_senja", "https://www.instagram.com/rumah.baca_senja"),
        ("instagram", "instagram.com/rumahbaca", "https://instagram.com/rumahbaca"),
        ("facebook", "facebook.com/rumahbaca", "https://facebook.com/rumahbaca"),
    ],
)
def test_web_addresses_are_completed_as_the_hints_promise(app, client, auth, community, field, typed, stored):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/profil", data=profile_edit_data(app, community, **{field: typed}))
    assert response.status_code == 303
    assert getattr(get_community(app), field) == stored


def test_the_website_fields_are_not_url_inputs_the_browser_would_refuse(client, auth, community):
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja/profil").get_data(as_text=True)
    assert 'type="url"' not in page
    assert re.search(r'<input[^>]*id="website"[^>]*inputmode="url"|<input[^>]*inputmode="url"[^>]*id="website"', page)


def test_the_regency_select_remembers_the_kabupaten_across_a_province_change(client):
    away = client.get("/kelola/wilayah/kabupaten?provinsi=31&kabupaten=32.73&kabupaten_terakhir=").get_data(as_text=True)
    assert " selected" not in away and "Kota Bandung" not in away
    assert '<input type="hidden" name="kabupaten_terakhir" value="32.73">' in away
    back = client.get("/kelola/wilayah/kabupaten?provinsi=32&kabupaten=&kabupaten_terakhir=32.73").get_data(as_text=True)
    assert '<option value="32.73" selected>Kota Bandung</option>' in back
    area = client.get("/kelola/wilayah/program?provinsi=32&kabupaten=&kabupaten_terakhir=32.73").get_data(as_text=True)
    assert '<option value="32.73" selected>Kota Bandung</option>' in area


def days(offset):
    return (date.today() + timedelta(days=offset)).isoformat()


@pytest.mark.parametrize(
    "status, starts, ends, message",
    [
        ("running", days(100), None, "Program yang berjalan sudah dimulai"),
        ("finished", days(-100), None, "Program yang selesai perlu tanggal selesai."),
        ("finished", days(-100), days(100), "Program yang selesai tidak boleh berakhir sesudah hari ini."),
        ("planned", days(-100), days(-10), "Program yang direncanakan belum berakhir"),
    ],
)
def test_program_status_and_dates_must_agree(app, client, auth, community, status, starts, ends, message):
    auth.login(COORDINATOR)
    data = program_data(app, status=status, starts_on=starts, ends_on=ends)
    response = client.post("/kelola/rumah-baca-senja/program", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Program.id))) == 0


@pytest.mark.parametrize(
    "status, starts, ends",
    [
        ("running", days(-30), None),
        ("running", days(0), days(300)),
        ("planned", days(60), days(300)),
        ("planned", None, None),
        ("finished", days(-300), days(-1)),
    ],
)
def test_program_status_and_dates_that_agree_are_saved(app, client, auth, community, status, starts, ends):
    auth.login(COORDINATOR)
    data = program_data(app, status=status, starts_on=starts, ends_on=ends)
    assert client.post("/kelola/rumah-baca-senja/program", data=data).status_code == 303


def test_demo_coordinators_can_invite_each_other(app, client, auth, community, caplog):
    caplog.set_level("INFO")
    auth.login(COORDINATOR)
    response = invite(client, "dewi.kartika@jejaring.test")
    assert response.status_code == 303
    assert "To: dewi.kartika@jejaring.test" in caplog.text


@pytest.mark.parametrize("email", ["orang@lain.test", "orang@localhost", "orang@jejaring.invalid"])
def test_other_reserved_domains_are_still_refused_for_invitations(client, auth, community, email):
    auth.login(COORDINATOR)
    response = invite(client, email)
    assert response.status_code == 422
    assert "Alamat e-mail tidak valid." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path, current",
    [
        ("/kelola/rumah-baca-senja", "Ringkasan"),
        ("/kelola/rumah-baca-senja/profil", "Profil dan logo"),
        ("/kelola/rumah-baca-senja/program", "Program"),
        ("/kelola/rumah-baca-senja/kampanye", "Kampanye"),
        ("/kelola/rumah-baca-senja/koordinator", "Koordinator"),
    ],
)
def test_the_coordination_tabs_mark_the_current_one(client, auth, community, path, current):
    auth.login(COORDINATOR)
    page = client.get(path).get_data(as_text=True)
    nav = page.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'aria-current="page">([^<]+)<', nav) == [current]
