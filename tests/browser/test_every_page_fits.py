"""No page is wider than a 360 px phone, for a visitor, a coordinator, a facilitator and an
admin, with the longest values the demo has or a coordinator might type (issue 9).

One site on the demo content. The community the coordinator runs gets long contact details,
a long program and campaign, an accepted partnership (so contacts show), a meeting with long
words that the coordinator has a ticket for, and the coordinator gets a notification; every page of each role is then measured.
"""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from playwright.sync_api import expect

from tests.browser.helpers import LONG, LONG_CONTACTS, PHONE_WIDTH, page_width, serving, sign_in
from tests.conftest import test_config as app_config
from webapp import create_app
from webapp.demo import CERTIFICATE_HOLDER as HOLDER
from webapp.demo import DEMO_PASSWORD, load_demo
from webapp.extensions import db
from webapp.meetings.services import rsvp
from webapp.models import (
    Campaign,
    Certificate,
    Community,
    Course,
    Meeting,
    Partnership,
    PartnershipRequest,
    PartnershipStatus,
    Program,
    utcnow,
)
from webapp.moderation.models import ModerationCase, Report, Rule
from webapp.notifications import notify
from webapp.quizzes.services import course_quizzes

LONG_TITLE = "Pendampingan penanaman kembali mangrove bersama nelayan dan sekolah pesisir Teluk Balikpapan"
# What a thumb slipping on the keyboard, or a pasted link, puts in a title: one word, no spaces.
UNBROKEN = "PenanamanKembaliMangroveTelukBalikpapan" * 4


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, the paths each role visits)."""
    path = tmp_path_factory.mktemp("fits") / "fits.sqlite"
    app = create_app(app_config("sqlite:///" + str(path)))
    with app.app_context(), app.test_request_context():
        upgrade()
        load_demo()
        community = db.session.scalar(sa.select(Community).where(Community.slug == LONG))
        for name, value in LONG_CONTACTS.items():
            setattr(community, name, value)
        program = community.programs[0] if community.programs else None
        if program is None:
            program = Program(community=community, title=LONG_TITLE, regency_code=community.regency_code)
            db.session.add(program)
        program.title = UNBROKEN
        db.session.add(Campaign(community=community, title=UNBROKEN, description=LONG_TITLE * 3,
                                starts_on=date(2026, 11, 1)))
        other = db.session.scalar(sa.select(Community).where(Community.id != community.id).order_by(Community.id))
        coordinator = community.coordinators[0]
        partnership = PartnershipRequest(
            sender=community, receiver=other, sent_by=coordinator, goal=UNBROKEN, message=LONG_TITLE,
            status=PartnershipStatus.ACCEPTED, answered_at=utcnow(),
        )
        db.session.add(partnership)
        db.session.flush()
        notify(coordinator, "partnership_request_accepted", link=f"/kemitraan/{partnership.id}",
               sender=community.name, receiver=other.name)
        community.refresh_search_text()
        start = utcnow() + timedelta(days=3)
        meeting = Meeting(community=community, title=UNBROKEN, description=LONG_TITLE * 3, starts_at=start,
                          ends_at=start + timedelta(hours=2), province_code=community.province_code,
                          regency_code=community.regency_code, address=LONG_TITLE, online_url="https://contoh.id/" + UNBROKEN,
                          capacity=1)
        db.session.add(meeting)
        case = ModerationCase(item_kind="komunitas", item_id=other.id)
        case.reports.append(Report(reporter=coordinator, rule=Rule.HONESTY, reason=UNBROKEN))
        db.session.add(case)
        db.session.commit()
        ticket = rsvp(coordinator, meeting)
        course = db.session.scalars(sa.select(Course).order_by(Course.id)).first()
        # The demo facilitator accompanies the demo partnerships as broker.
        space = "/ruang-kemitraan/" + str(db.session.scalar(
            sa.select(Partnership.id).where(Partnership.title.startswith("Air, lereng"))))
        lesson = course.lessons[0]
        final, practice = course_quizzes(course)
        certificate = db.session.scalar(sa.select(Certificate))
        paths = {
            "visitor": ["/", "/komunitas", f"/komunitas/{LONG}", "/program", f"/program/{community.province_code}",
                        f"/program/{community.province_code}/daftar", "/belajar", f"/belajar/{course.slug}",
                        f"/belajar/{course.slug}/{lesson.slug}", "/tersimpan", "/offline", "/aturan", "/privasi",
                        f"/bagikan/{course.slug}", f"/bagikan/{course.slug}/{lesson.slug}", "/buka-berkas",
                        "/akun/masuk", "/akun/daftar", "/akun/lupa-sandi", "/akun/periksa-email", "/pertemuan",
                        f"/pertemuan/{meeting.id}", f"/kuis/{final.id}",
                        f"/kuis/{next(iter(practice.values())).id}", "/v", f"/v/{certificate.code}", "/periksa"],
            HOLDER: ["/sertifikat", f"/sertifikat/{certificate.code}", f"/kuis/{final.id}/kemajuan"],
            coordinator.email: ["/akun", "/akun/perangkat", "/akun/sandi", "/akun/email", "/akun/konfirmasi", "/kotak-masuk", "/kotak-masuk/pengaturan",
                                "/akun/data", "/akun/data/salinan", "/akun/data/ubah", "/akun/data/hapus",
                                "/kemitraan", f"/kemitraan/{partnership.id}", f"/komunitas/{LONG}/kontak",
                                f"/kemitraan/ajak/{other.slug}", f"/kelola/{LONG}", f"/kelola/{LONG}/profil",
                                f"/kelola/{LONG}/program", f"/kelola/{LONG}/program/{program.id}",
                                f"/kelola/{LONG}/kampanye", f"/kelola/{LONG}/koordinator", "/kelola/komunitas-baru",
                                f"/pertemuan/{meeting.id}/saya", f"/tiket/{ticket.id}", "/kegiatan-saya",
                                f"/pertemuan/baru?komunitas={LONG}", f"/pertemuan/{meeting.id}/ubah",
                                f"/pertemuan/{meeting.id}/peserta", f"/pertemuan/{meeting.id}/check-in",
                                f"/program/tawaran/{LONG}", f"/program/{program.id}/bantu",
                                f"/lapor?jenis=program&id={program.id}"],
            "fasilitator@jejaring.test": ["/kelola-kursus", f"/kelola-kursus/{course.id}",
                                          f"/kelola-kursus/{course.id}/pelajaran/{lesson.id}", "/admin/komunitas",
                                          "/akun/daftar-kelompok", "/moderasi",
                                          "/ruang-kemitraan", "/ruang-kemitraan/pialang", space, f"{space}/kesepakatan",
                                          f"{space}/kesepakatan/versi", f"{space}/kesepakatan/versi/2",
                                          f"{space}/kesepakatan/skor", f"{space}/cek", f"{space}/cek/3", f"{space}/pesan",
                                          f"/kelola-kursus/{course.id}/kuis/{final.id}"],
            "admin@jejaring.test": ["/admin", "/admin/komunitas", "/admin/kategori", "/admin/audit", "/moderasi",
                                    f"/moderasi/{case.id}", f"/admin/sertifikat?kode={certificate.code}"],
            # A coordinator of that partnership: the forms only partners see.
            "suparman@jejaring.test": [f"{space}/kesepakatan/{part}" for part in ("siapa", "mengapa", "apa", "bagaimana")]
            + [f"{space}/kesepakatan/skor", f"{space}/selesai"],
        }
        db.engine.dispose()
    with serving(app) as base_url:
        yield base_url, paths


NAMED_ROLES = ("visitor", "fasilitator@jejaring.test", "admin@jejaring.test", "suparman@jejaring.test", HOLDER)


@pytest.mark.parametrize("role", ["visitor", "coordinator", "fasilitator@jejaring.test", "admin@jejaring.test",
                                  "suparman@jejaring.test", HOLDER])
def test_no_page_is_wider_than_the_phone(site, page, role):
    base_url, paths = site
    email = next(key for key in paths if key not in NAMED_ROLES) if role == "coordinator" else role
    if email != "visitor":
        sign_in(page, base_url, email, DEMO_PASSWORD)
    too_wide = {}
    for path in paths[email]:
        response = page.goto(base_url + path)
        assert response.status == 200, path
        width = page_width(page)
        if width > 360:
            too_wide[path] = width
    assert too_wide == {}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_menu_is_one_line_with_nothing_hidden(site, browser, lang):
    """Brand and the four menu words on one line of a 360 px screen, in both languages."""
    base_url, _paths = site
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang)
    page = context.new_page()
    page.goto(base_url + "/komunitas")
    header = page.locator("header.site")
    assert header.bounding_box()["height"] <= 56
    assert page.evaluate("() => { const nav = document.querySelector('header.site nav'); "
                         "return nav.scrollWidth <= nav.clientWidth; }")
    expect(header.locator("nav a[aria-current=page]")).to_have_text("Komunitas" if lang == "id" else "Directory")
    context.close()


def test_asking_for_contacts_and_the_coordinator_accepting(site, browser):
    """A volunteer asks with a reason, the coordinator accepts from the inbox, and only then
    the volunteer sees the community's contacts; each step at 360 px."""
    base_url, paths = site
    coordinator = next(key for key in paths if key not in NAMED_ROLES)
    volunteer = browser.new_context(viewport={"width": 360, "height": 740}, locale="id")
    page = volunteer.new_page()
    sign_in(page, base_url, "relawan@jejaring.test", DEMO_PASSWORD)
    page.goto(f"{base_url}/komunitas/{LONG}")
    page.get_by_role("link", name="Lihat atau minta kontak").click()
    box = page.locator("main")
    expect(box.get_by_label("Mengapa Anda ingin menghubungi komunitas ini?")).to_be_visible()
    expect(box).not_to_contain_text(LONG_CONTACTS["email"])
    box.get_by_label("Mengapa Anda ingin menghubungi komunitas ini?").fill(
        "Saya relawan di Balikpapan dan ingin ikut menanam mangrove bulan depan.")
    box.get_by_role("button", name="Minta kontak").click()
    expect(page.locator(".flash[role=status]")).to_contain_text("Permintaan terkirim")
    assert page_width(page) <= PHONE_WIDTH

    manager = browser.new_context(viewport={"width": 360, "height": 740}, locale="id")
    other = manager.new_page()
    sign_in(other, base_url, coordinator, DEMO_PASSWORD)
    expect(other.locator("#belum-dibaca")).to_be_visible()
    other.goto(base_url + "/kotak-masuk")
    other.get_by_text("meminta kontak").first.click()
    expect(other).to_have_url(re.compile(f"/kelola/{LONG}/permintaan-kontak$"))
    card = other.locator(".card", has_text="ingin ikut menanam mangrove")
    card.get_by_role("button", name="Terima").click()
    expect(other.locator(".flash[role=status]")).to_contain_text("Diterima")
    expect(other.locator(".card", has_text="ingin ikut menanam mangrove")).to_contain_text("relawan@jejaring.test")
    assert page_width(other) <= PHONE_WIDTH

    page.goto(f"{base_url}/komunitas/{LONG}")
    page.get_by_role("link", name="Lihat atau minta kontak").click()
    expect(page.locator("main")).to_contain_text(LONG_CONTACTS["email"])
    assert page_width(page) <= PHONE_WIDTH
    volunteer.close()
    manager.close()
