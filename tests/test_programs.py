"""The programs registry: recording programs with area and needs, the duplication radar, the
region x focus matrix, stale programs, and the partner finder's suggestions with their reasons."""

import gzip
from datetime import date, timedelta

import brotli
import pytest
import sqlalchemy as sa

from tests.conftest import COORDINATOR, OTHER_COORDINATOR
from webapp.demo import DEMO_PASSWORD, load_demo
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    Category,
    Community,
    PartnershipRequest,
    PartnershipStatus,
    Program,
    ProgramStatus,
    Regency,
    utcnow,
)
from webapp.programs.services import suggest_partners

OTHER = OTHER_COORDINATOR
HTMX = {"HX-Request": "true"}


def category(slug):
    return db.session.scalar(sa.select(Category).where(Category.slug == slug))


def add_program(app, slug, title, focus="literasi", regency="32.73", **fields):
    """Store a program of the community at `slug`; returns its id."""
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == slug))
        program = Program(title=title, category=category(focus), regency_code=regency, **fields)
        community.programs.append(program)
        db.session.commit()
        return program.id


def program_form(app, **values):
    with app.app_context():
        literacy = category("literasi").id
    data = {"title": "Kelas literasi anak", "fokus": str(literacy), "target_group": "anak usia 7-12 tahun",
            "provinsi": "32", "kabupaten": "32.73", "status": "running"}
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def count_programs(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Program.id)))


# --- The done-when case on the demo data ------------------------------------------------------


def test_with_demo_data_the_radar_shows_the_literacy_program_of_the_kabupaten_before_saving(app, client, auth):
    with app.app_context():
        load_demo()
    # Kader Sehat Remaja Cianjur's coordinator plans a literacy class in Kota Bandung, where
    # Lapak Baca Alun-Alun already runs literacy programs.
    auth.login("asep.saepuloh@jejaring.test", DEMO_PASSWORD)
    before = count_programs(app)
    url = "/kelola/kader-sehat-remaja-cianjur/program/radar"
    response = client.get(url, query_string={"title": "Kelas literasi anak", "provinsi": "32", "kabupaten": "32.73"},
                          headers=HTMX)

    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert "Program Literasi yang sudah ada" in fragment
    assert "Di Kota Bandung" in fragment
    assert "Minggu Membaca" in fragment and "Lapak Baca Alun-Alun" in fragment
    # A way to contact them instead: the partnership request, never a phone number.
    assert 'href="/kemitraan/ajak/lapak-baca-alun-alun?dari=kader-sehat-remaja-cianjur"' in fragment
    assert "lapakbaca" not in fragment.lower()  # the demo community's e-mail
    assert len(gzip.compress(response.data)) < 4096
    assert count_programs(app) == before

    # Without JavaScript, the "check" button shows the same, and saves nothing either.
    page = client.post("/kelola/kader-sehat-remaja-cianjur/program",
                       data=program_form(app, periksa="1", fokus=None))
    assert page.status_code == 200
    assert "Minggu Membaca" in page.get_data(as_text=True)
    assert count_programs(app) == before


# --- Recording programs -----------------------------------------------------------------------


def test_a_program_is_recorded_with_focus_area_period_and_needs(app, client, auth, community):
    auth.login(COORDINATOR)
    data = program_form(app, kecamatan="32.73.01", starts_on="2025-01-06", mencari=["volunteers", "venue"],
                        menawarkan=["training"], description="Setiap Sabtu pagi di balai RW.")
    response = client.post("/kelola/rumah-baca-senja/program", data=data)
    assert response.status_code == 303
    with app.app_context():
        program = db.session.scalar(sa.select(Program))
        assert (program.category.slug, program.regency_code, program.district_code) == ("literasi", "32.73", "32.73.01")
        assert (program.status, program.starts_on, program.ends_on) == ("running", date(2025, 1, 6), None)
        assert (program.seeks, program.offers) == (["volunteers", "venue"], ["training"])
        assert program.target_group == "anak usia 7-12 tahun"
        assert utcnow() - program.last_confirmed_at < timedelta(minutes=1)
    page = client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
    assert "Kelas literasi anak" in page and "Mencari: relawan, tempat kegiatan" in page
    assert "Kec. " in page and "Kota Bandung" in page


def test_the_new_program_form_starts_where_the_community_is(client, auth, community):
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja/program").get_data(as_text=True)
    assert '<option selected value="32">Jawa Barat</option>' in page
    assert '<option value="32.73" selected>Kota Bandung</option>' in page
    # The kecamatan of Kota Bandung are offered; the radar and the area are wired to htmx.
    assert "Sukasari" in page
    assert 'hx-get="/kelola/rumah-baca-senja/program/radar"' in page
    assert 'hx-get="/kelola/wilayah/program"' in page


@pytest.mark.parametrize(
    "values, message",
    [
        ({"fokus": None}, "Pilih fokus program."),
        ({"fokus": "999999"}, "Pilihan fokus tidak dikenal."),
        ({"target_group": ""}, "Tulis siapa yang dilayani program ini."),
        ({"kabupaten": "31.71"}, "Kabupaten/kota ini tidak ada di provinsi yang dipilih."),
        ({"kecamatan": "32.04.05"}, "Kecamatan ini tidak ada di kabupaten/kota yang dipilih."),
        ({"kecamatan": "99.99.99"}, "Kecamatan tidak dikenal."),
        ({"status": "abandoned"}, "Status tidak dikenal."),
        ({"mencari": "gold"}, "Pilihan tidak dikenal."),
        ({"starts_on": "2025-02-01", "ends_on": "2025-01-01"}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"description": "Hubungi kami di 0812-3456-7890."}, "Jangan tulis nomor telepon atau alamat e-mail di sini"),
        ({"description": "Kirim e-mail ke halo@rumahbaca.id"}, "Jangan tulis nomor telepon atau alamat e-mail di sini"),
        ({"title": "Kelas baca, WA +62 812 3456 7890"}, "teks ini bisa dibaca siapa saja"),
    ],
)
def test_invalid_programs_are_refused_in_indonesian(app, client, auth, community, values, message):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/program", data=program_form(app, **values))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_programs(app) == 0


def test_the_radar_warns_about_contacts_while_typing(app, client, auth, community):
    auth.login(COORDINATOR)
    response = client.get("/kelola/rumah-baca-senja/program/radar", headers=HTMX,
                          query_string={"title": "Kelas baca", "description": "WA 0812 3456 7890"})
    assert "Ada nomor telepon atau e-mail dalam isian Anda" in response.get_data(as_text=True)


def test_without_javascript_the_area_button_fills_the_kecamatan_and_saves_nothing(app, client, auth, community):
    auth.login(COORDINATOR)
    response = client.post("/kelola/rumah-baca-senja/program",
                           data=program_form(app, kabupaten="32.04", tampilkan_kabupaten="1"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<option value="32.04" selected>Kabupaten Bandung</option>' in page
    assert "Baleendah" in page  # a kecamatan of Kabupaten Bandung
    assert "Periksa lagi isian" not in page
    assert count_programs(app) == 0


def test_the_area_fragment_follows_province_and_kabupaten(client):
    page = client.get("/kelola/wilayah/program", query_string={"provinsi": "32", "kabupaten": "32.73"}).get_data(as_text=True)
    assert '<option value="32.73" selected>Kota Bandung</option>' in page and "Sukasari" in page
    # A kabupaten of another province brings no kecamatan.
    other = client.get("/kelola/wilayah/program", query_string={"provinsi": "31", "kabupaten": "32.73"}).get_data(as_text=True)
    assert "Sukasari" not in other and "Jakarta" in other


# --- The duplication radar --------------------------------------------------------------------


def test_the_radar_shows_the_kabupaten_first_then_the_province_and_only_current_programs(
    app, client, auth, community, other_community, make_community
):
    make_community("Taman Baca Bogor", slug="taman-baca-bogor", regency_code="32.01")
    make_community("Pustaka Jakarta", slug="pustaka-jakarta", province_code="31", regency_code="31.71")
    add_program(app, "bank-sampah-hijau", "Perpustakaan Keliling")
    add_program(app, "bank-sampah-hijau", "Buku untuk Semua", status=ProgramStatus.FINISHED)
    add_program(app, "bank-sampah-hijau", "Bersih Sungai", focus="lingkungan")
    add_program(app, "taman-baca-bogor", "Pojok Baca Desa", regency="32.01")
    add_program(app, "pustaka-jakarta", "Baca di Halte", regency="31.71")
    add_program(app, "rumah-baca-senja", "Kelas Mendongeng")  # our own: not a duplicate of someone else's
    auth.login(COORDINATOR)
    with app.app_context():
        literacy = category("literasi").id
    fragment = client.get("/kelola/rumah-baca-senja/program/radar", headers=HTMX, query_string={
        "title": "Klub buku", "fokus": literacy, "provinsi": "32", "kabupaten": "32.73"}).get_data(as_text=True)

    assert fragment.index("Di Kota Bandung") < fragment.index("Perpustakaan Keliling")
    assert fragment.index("Perpustakaan Keliling") < fragment.index("kabupaten/kota lain di provinsi ini")
    assert fragment.index("kabupaten/kota lain di provinsi ini") < fragment.index("Pojok Baca Desa")
    for absent in ("Buku untuk Semua", "Bersih Sungai", "Baca di Halte", "Kelas Mendongeng"):
        assert absent not in fragment


def test_the_radar_names_stale_programs_and_lists_them_last(app, client, auth, community, other_community):
    add_program(app, "bank-sampah-hijau", "Lama Tak Terdengar", last_confirmed_at=utcnow() - timedelta(days=200))
    add_program(app, "bank-sampah-hijau", "Baru Dikonfirmasi")
    auth.login(COORDINATOR)
    fragment = client.get("/kelola/rumah-baca-senja/program/radar", headers=HTMX, query_string={
        "title": "Kelas literasi", "provinsi": "32", "kabupaten": "32.73"}).get_data(as_text=True)
    assert fragment.index("Baru Dikonfirmasi") < fragment.index("Lama Tak Terdengar")
    assert "belum dikonfirmasi 6 bulan" in fragment


@pytest.mark.parametrize("query", [{}, {"title": "Rapat rutin", "kabupaten": "32.73", "provinsi": "32"},
                                   {"fokus": "abc", "kabupaten": "<x>", "provinsi": "\x00"},
                                   {"fokus": "99999999999999999999", "kabupaten": "32.73", "provinsi": "32"}])
def test_the_radar_stays_quiet_without_a_focus_or_place(client, auth, community, query):
    auth.login(COORDINATOR)
    response = client.get("/kelola/rumah-baca-senja/program/radar", headers=HTMX, query_string=query)
    assert response.status_code == 200
    assert "yang sudah ada" not in response.get_data(as_text=True)


# --- Who may use the program routes -----------------------------------------------------------

PROGRAM_ROUTES = [
    ("GET", "/kelola/{slug}/program/radar"),
    ("POST", "/kelola/{slug}/program/{program}/konfirmasi"),
    ("POST", "/kelola/{slug}/program/{program}/tutup"),
]


@pytest.fixture
def two_programs(app, community, other_community):
    return {"ours": add_program(app, "rumah-baca-senja", "Kelas Kami"),
            "theirs": add_program(app, "bank-sampah-hijau", "Program Mereka")}


def snapshot(app):
    with app.app_context():
        return [(p.id, p.status, p.last_confirmed_at, p.version) for p in db.session.scalars(sa.select(Program).order_by(Program.id))]


@pytest.mark.parametrize("method, url", PROGRAM_ROUTES)
def test_program_routes_send_anonymous_visitors_to_sign_in(app, client, two_programs, method, url):
    before = snapshot(app)
    response = client.open(url.format(slug="rumah-baca-senja", program=two_programs["ours"]), method=method)
    assert response.status_code == 302 and response.headers["Location"].startswith("/akun/masuk")
    assert snapshot(app) == before


@pytest.mark.parametrize("method, url", PROGRAM_ROUTES)
def test_another_communitys_coordinator_is_refused(app, client, auth, two_programs, method, url):
    auth.login(OTHER)
    before = snapshot(app)
    response = client.open(url.format(slug="rumah-baca-senja", program=two_programs["ours"]), method=method)
    assert response.status_code == 403
    assert snapshot(app) == before


@pytest.mark.parametrize("program", ["theirs", 99999999])
@pytest.mark.parametrize("action", ["konfirmasi", "tutup"])
def test_unknown_or_foreign_programs_are_not_found(app, client, auth, two_programs, program, action):
    auth.login(COORDINATOR)
    before = snapshot(app)
    program_id = two_programs.get(program, program)
    assert client.post(f"/kelola/rumah-baca-senja/program/{program_id}/{action}").status_code == 404
    assert snapshot(app) == before


# --- Stale programs ---------------------------------------------------------------------------


def test_a_stale_program_is_flagged_and_confirming_makes_it_current(app, client, auth, community):
    program = add_program(app, "rumah-baca-senja", "Kelas Lama", last_confirmed_at=utcnow() - timedelta(days=200))
    auth.login(COORDINATOR)
    overview = client.get("/kelola/rumah-baca-senja").get_data(as_text=True)
    assert "Masih berjalan?" in overview and "Kelas Lama" in overview
    assert "belum dikonfirmasi 6 bulan" in client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)

    response = client.post(f"/kelola/rumah-baca-senja/program/{program}/konfirmasi")
    assert response.status_code == 303
    with app.app_context():
        assert not db.session.get(Program, program).is_stale()
        assert db.session.scalar(sa.select(AuditEvent.action)) == "program.confirmed"
    assert "Masih berjalan?" not in client.get("/kelola/rumah-baca-senja").get_data(as_text=True)


def test_closing_a_program_keeps_it_as_history(app, client, auth, community):
    program = add_program(app, "rumah-baca-senja", "Kelas Lama", last_confirmed_at=utcnow() - timedelta(days=200))
    auth.login(COORDINATOR)
    assert client.post(f"/kelola/rumah-baca-senja/program/{program}/tutup").status_code == 303
    with app.app_context():
        closed = db.session.get(Program, program)
        assert closed.status == ProgramStatus.FINISHED and closed.ends_on == utcnow().date()
        assert closed.version == 2 and not closed.is_stale()
    profile = client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
    assert "<h2>Program kerja</h2>" not in profile
    assert "Kelas Lama" in profile.split("<h2>Riwayat program</h2>")[1]
    assert "Masih berjalan?" not in client.get("/kelola/rumah-baca-senja").get_data(as_text=True)


def test_an_edit_form_opened_before_closing_cannot_reopen_the_program(app, client, auth, community):
    program = add_program(app, "rumah-baca-senja", "Kelas Lama")
    auth.login(COORDINATOR)
    client.post(f"/kelola/rumah-baca-senja/program/{program}/tutup")
    response = client.post(f"/kelola/rumah-baca-senja/program/{program}",
                           data=program_form(app, title="Kelas Lama", version="1"))
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Program, program).status == ProgramStatus.FINISHED


# --- The region x focus matrix ----------------------------------------------------------------


def test_the_matrix_counts_current_programs_and_links_to_them(app, client, community, other_community):
    add_program(app, "rumah-baca-senja", "Kelas Mendongeng")
    add_program(app, "bank-sampah-hijau", "Pojok Baca", last_confirmed_at=utcnow() - timedelta(days=200))
    add_program(app, "bank-sampah-hijau", "Sudah Selesai", status=ProgramStatus.FINISHED)
    page = client.get("/program/32").get_data(as_text=True)
    assert "<caption" in page and '<th scope="row">Kota Bandung</th>' in page
    link = '<a href="/program/32/daftar?kabupaten=32.73&amp;fokus=literasi">2</a>'
    assert link in page
    assert "2 program direncanakan atau berjalan." in page
    # The phone's list names only what exists: Kota Bandung with its one focus, the rest by name.
    narrow = page[page.index('<div class="matrix-narrow">'):page.index('<div class="table-scroll')]
    assert '<a href="/program/32/daftar?kabupaten=32.73">Kota Bandung</a> <span class="small">(2)</span>' in narrow
    assert '<a href="/program/32/daftar?kabupaten=32.73&amp;fokus=literasi">Literasi 2</a>' in narrow
    assert narrow.count("/program/32/daftar?kabupaten=") == 2
    assert "Belum ada program di Kabupaten Bandung, Kabupaten Bandung Barat, " in narrow and "Kota Bandung," not in narrow
    assert '<a href="/program/32/daftar?fokus=literasi">Literasi 2</a>' in narrow and "<li>Kesehatan 0</li>" in narrow

    listing = client.get("/program/32/daftar?kabupaten=32.73&fokus=literasi").get_data(as_text=True)
    assert listing.index("Kelas Mendongeng") < listing.index("Pojok Baca")  # stale ones last
    assert "Sudah Selesai" not in listing
    assert "halo@rumahbaca.id" not in listing and "081234567890" not in listing


def test_the_matrix_of_the_largest_province_fits_one_round_trip_compressed(app, client, community):
    """Jawa Timur has the most kabupaten/kota (38): a program of every focus in every one of
    them is the widest the table gets. Measured as the app sends it, brotli-compressed."""
    with app.app_context():
        community = db.session.scalar(sa.select(Community))
        regencies = db.session.scalars(sa.select(Regency.code).where(Regency.province_code == "35")).all()
        categories = db.session.scalars(sa.select(Category)).all()
        assert len(regencies) == 38
        community.programs.extend(
            Program(title=f"Program {code} {c.slug}", category=c, regency_code=code)
            for code in regencies for c in categories
        )
        db.session.commit()
    response = client.get("/program/35", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    page = brotli.decompress(response.data).decode()
    assert page.count('<th scope="row">') == 39  # 38 kabupaten/kota and the totals
    assert page.count('<ul class="counts">') == 39  # and the phone's list: each of them, and per focus
    assert len(response.data) <= 14 * 1024, len(response.data)


@pytest.mark.parametrize("url", ["/program/99", "/program/abc", "/program/32/daftar?kabupaten=31.71",
                                 "/program/32/daftar?fokus=tidak-ada", "/program/32/daftar?kabupaten=%00"])
def test_unknown_places_and_focus_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_province_list_counts_programs(app, client, community):
    add_program(app, "rumah-baca-senja", "Kelas Mendongeng")
    page = client.get("/program").get_data(as_text=True)
    assert '<a href="/program/32">Jawa Barat (1)</a>' in page


# --- The partner finder -----------------------------------------------------------------------


@pytest.fixture
def partner_case(app, make_user, make_community, community):
    """Rumah Baca Senja (Kota Bandung) runs a literacy class that seeks volunteers and a venue,
    and offers training. Around it, communities that could or could not help."""
    add_program(app, "rumah-baca-senja", "Kelas Literasi Anak", seeks=["volunteers", "venue"], offers=["training"])
    add_program(app, "rumah-baca-senja", "Lomba Lama", seeks=["funding"], status=ProgramStatus.FINISHED)
    cases = [
        # slug, regency, focus, seeks, offers, extra
        ("gedung-pemuda", "32.73", "literasi", ["training"], ["venue", "volunteers"], {}),
        ("relawan-bogor", "32.01", "kesehatan", [], ["volunteers"], {}),
        ("ruang-lama", "32.73", "literasi", [], ["venue", "volunteers"],
         {"last_confirmed_at": utcnow() - timedelta(days=200)}),
        ("donatur-kota", "32.73", "ekonomi", [], ["funding"], {}),
        ("tempat-tutup", "32.73", "literasi", [], ["venue"], {"status": ProgramStatus.FINISHED}),
        ("jauh-di-jakarta", "31.71", "literasi", ["training"], ["venue", "volunteers"], {}),
    ]
    for slug, regency, focus, seeks, offers, extra in cases:
        make_community(slug.replace("-", " ").title(), slug=slug, province_code=regency[:2], regency_code=regency)
        add_program(app, slug, f"Program {slug}", focus=focus, regency=regency, seeks=seeks, offers=offers, **extra)


def test_partner_suggestions_rank_the_complementary_neighbour_first_with_its_reason(app, partner_case):
    with app.test_request_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == "rumah-baca-senja"))
        suggestions = suggest_partners(community)
        found = [(s.community.slug, s.score, s.reason) for s in suggestions]

    assert [slug for slug, _score, _reason in found] == ["gedung-pemuda", "ruang-lama", "relawan-bogor"]
    _slug, score, reason = found[0]
    # 3 + 3 (volunteers, venue) + 2 (it seeks training, which we offer) + 2 (same kabupaten) + 1 (literacy)
    assert score == 11
    assert reason == ("Menawarkan relawan dan tempat kegiatan yang dicari “Kelas Literasi Anak”; "
                      "mencari pelatihan yang Anda tawarkan; sama-sama di Kota Bandung; fokus sama: Literasi.")
    assert found[1][2].endswith("programnya belum dikonfirmasi 6 bulan.")
    assert found[2][2] == "Menawarkan relawan yang dicari “Kelas Literasi Anak”; di provinsi yang sama."


def test_the_coordination_page_shows_the_suggestions_with_a_way_to_ask(client, auth, partner_case):
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja").get_data(as_text=True)
    assert "Calon mitra" in page and "Gedung Pemuda" in page
    assert "sama-sama di Kota Bandung" in page
    assert 'href="/kemitraan/ajak/gedung-pemuda?dari=rumah-baca-senja"' in page
    assert "Jauh Di Jakarta" not in page and "Tempat Tutup" not in page


@pytest.mark.parametrize("status, still_suggested", [
    (PartnershipStatus.PENDING, False), (PartnershipStatus.ACCEPTED, False),
    (PartnershipStatus.DECLINED, True), (PartnershipStatus.WITHDRAWN, True),
])
@pytest.mark.parametrize("we_asked", [True, False])
def test_a_community_already_asked_is_no_longer_suggested(app, client, auth, partner_case, status,
                                                          still_suggested, we_asked):
    with app.app_context():
        ours, theirs = (db.session.scalar(sa.select(Community).where(Community.slug == slug))
                        for slug in ("rumah-baca-senja", "gedung-pemuda"))
        sender, receiver = (ours, theirs) if we_asked else (theirs, ours)
        db.session.add(PartnershipRequest(sender=sender, receiver=receiver, goal="Bersama", status=status))
        db.session.commit()
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja").get_data(as_text=True)
    assert ('href="/kemitraan/ajak/gedung-pemuda?dari=rumah-baca-senja"' in page) is still_suggested
    assert "Ruang Lama" in page  # the others are still suggested


def test_no_suggestions_without_needs(app, community, other_community):
    add_program(app, "bank-sampah-hijau", "Gudang", offers=["venue"])
    with app.test_request_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == "rumah-baca-senja"))
        assert suggest_partners(community) == []

