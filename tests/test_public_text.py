"""No contact detail in any public free text (issue 12, item 2): what the detector catches, what
it leaves alone, and that every form with a public text refuses one on the field itself."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import COORDINATOR
from tests.test_coordination import profile_data
from webapp.extensions import db
from webapp.models import Campaign, Category, Community, Course, Lesson, Role, User
from webapp.text import has_contact_details

REFUSED = "Jangan tulis nomor telepon atau alamat e-mail di sini"


@pytest.mark.parametrize(
    "text",
    [
        # Written plainly.
        "Hubungi 0812-3456-7890",
        "WA +62 812 3456 7890",
        "Telepon (021) 555 1234",
        "halo@rumahbaca.id",
        "wa.me/6281234567890",
        # Spelled out in words, with the digit or the word for zero.
        "nol delapan satu dua tiga empat lima enam tujuh",
        "Nol Delapan Satu Dua Tiga Empat Lima Enam Tujuh Delapan",
        "kosong delapan satu satu dua dua tiga tiga empat empat",
        "WA: nol-delapan-satu-tiga, tiga-empat-lima-enam, tujuh-delapan-sembilan-nol",
        "nol delapan satu dua. tiga empat lima enam. tujuh delapan sembilan",
        "noldelapansatudua tiga empat lima enam tujuh",
        "enam dua delapan satu dua tiga empat lima enam tujuh delapan",
        "zero eight one two three four five six seven eight",
        # Digits and words mixed.
        "0812 tiga empat lima enam tujuh delapan",
        "08 satu dua 3456 tujuh delapan",
        "hubungi 0812 3 empat 5 enam 7 delapan 9",
        # E-mail addresses written to slip past.
        "nama [at] gmail [dot] com",
        "nama at gmail dot com",
        "nama(at)yahoo.co.id",
        "nama @ gmail . com",
        "rumah.baca {at} contoh {dot} or {dot} id",
        "budi di gmail titik com",
        "kirim ke senja at gmail",
        "senja [at] rumahbaca.id",
    ],
)
def test_contact_details_are_caught(text):
    assert has_contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "Berdiri sejak tahun 2019, kini 120 anggota.",
        "Program 2015-2020 dan 2021-2024",
        "Donasi Rp 100.000.000 untuk 1.250 buku",
        "Kelas setiap hari Sabtu pukul 08.00-10.00",
        "Tanggal 01.02.2020 sampai 03.04.2020",
        "satu dua tiga, ayo mulai!",
        "Dua belas relawan dan tujuh belas anak ikut lima kali pertemuan.",
        "Dua puluh satu desa, tiga kecamatan, satu kabupaten.",
        "Ajari anak menghitung: nol, satu, dua, tiga, empat, lima, enam, tujuh, delapan, sembilan.",
        "Hitung mundur: sembilan delapan tujuh enam lima empat tiga dua satu nol",
        "Kami bertemu di balai desa titik kumpul warga.",
        "Rapat di kantor desa, lalu makan at home.",
        "Gelas kosong, satu per satu diisi.",
        "Someone gave none of the ones she had.",
        "Tonton https://www.youtube.com/watch?v=dQw4w9WgXcQ dan baca https://kemdikbud.go.id/main/blog/2020/03/belajar",
        "Ikuti kami di Instagram @rumahbaca",
        "NIK tidak boleh dibagikan; nomor rekening juga tidak.",
        "",
    ],
)
def test_ordinary_prose_is_left_alone(text):
    assert not has_contact_details(text)


SPELLED_PHONE = "Hubungi nol delapan satu dua tiga empat lima enam tujuh delapan"
SPELLED_EMAIL = "rumahbaca [at] gmail [dot] com"


def field_error(response, field_id):
    """The error printed under the field (templates/_form.html), or None."""
    text = response.get_data(as_text=True)
    marker = f'id="{field_id}-error">'
    if marker not in text:
        return None
    return text.split(marker, 1)[1].split("</p>", 1)[0]


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("field", ["name", "headline", "vision", "mission"])
@pytest.mark.parametrize("value", [SPELLED_PHONE, SPELLED_EMAIL, "WA 0812-3456-7890"])
def test_registering_a_community_refuses_contacts_in_its_texts(app, client, auth, coordinator, field, value):
    auth.login(COORDINATOR)
    response = client.post("/kelola/komunitas-baru", data=profile_data(app, **{field: value}))
    assert response.status_code == 422
    assert REFUSED in field_error(response, field)
    assert count(app, Community) == 0


@pytest.mark.parametrize("field", ["name", "headline", "vision", "mission"])
def test_editing_a_profile_refuses_contacts_in_its_texts(app, client, auth, community, field):
    auth.login(COORDINATOR)
    data = profile_data(app, **{field: SPELLED_PHONE, "version": "1"})
    response = client.post("/kelola/rumah-baca-senja/profil", data=data)
    assert response.status_code == 422
    assert REFUSED in field_error(response, field)
    with app.app_context():
        assert "nol delapan" not in getattr(db.session.get(Community, community.id), field)


def test_the_contact_fields_themselves_still_take_an_email_and_a_phone(app, client, auth, coordinator):
    auth.login(COORDINATOR)
    response = client.post("/kelola/komunitas-baru", data=profile_data(app))
    assert response.status_code == 303
    assert count(app, Community) == 1


@pytest.fixture
def facilitator(make_user):
    return make_user("fasilitator@contoh.id", name="Fasilitator Rina", role=Role.FACILITATOR)


@pytest.fixture
def course_id(app):
    with app.app_context():
        course = Course(slug="dasar-kemitraan", title="Dasar Kemitraan", summary="", position=1)
        db.session.add(course)
        db.session.commit()
        return course.id


# Each public text form: who fills it, where it is sent, valid values, and what it would add.
PUBLIC_FORMS = {
    "campaign": (COORDINATOR, "/kelola/rumah-baca-senja/kampanye",
                 {"title": "Donasi Buku", "description": "Buku anak bekas layak baca."}, Campaign),
    "course": ("fasilitator@contoh.id", "/kelola-kursus/kursus-baru",
               {"title": "Dasar Kemitraan", "summary": "Awal bermitra.", "position": "1"}, Course),
    "lesson": ("fasilitator@contoh.id", "/kelola-kursus/{course}/pelajaran-baru",
               {"title": "Menulis proposal", "summary": "Langkah demi langkah.",
                "body": "## Proposal\n\nMulai dari masalah."}, Lesson),
}


@pytest.mark.parametrize(
    "form, field",
    [("campaign", "title"), ("campaign", "description"), ("course", "title"), ("course", "summary"),
     ("lesson", "title"), ("lesson", "summary"), ("lesson", "body")],
)
@pytest.mark.parametrize("value", [SPELLED_PHONE, SPELLED_EMAIL])
def test_campaign_course_and_lesson_texts_refuse_contacts(app, client, auth, community, facilitator, course_id,
                                                          form, field, value):
    email, url, data, model = PUBLIC_FORMS[form]
    auth.login(email)
    before = count(app, model)
    response = client.post(url.format(course=course_id), data={**data, field: "Info: " + value})
    assert response.status_code == 422
    assert REFUSED in field_error(response, field)
    assert count(app, model) == before


def test_a_lesson_may_link_to_the_web(app, client, auth, facilitator, course_id):
    auth.login("fasilitator@contoh.id")
    body = (
        "Lihat [panduan](https://kemdikbud.go.id/main/blog/2020/03/panduan) dan "
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ. Siapkan 2 lembar untuk 120 anggota."
    )
    response = client.post(f"/kelola-kursus/{course_id}/pelajaran-baru",
                           data={"title": "Menulis proposal", "summary": "", "body": body})
    assert response.status_code == 303
    assert count(app, Lesson) == 1


def test_category_names_refuse_contacts(app, client, auth, make_user):
    make_user("admin@contoh.id", role=Role.ADMIN)
    auth.login("admin@contoh.id")
    response = client.post("/admin/kategori", data={"name": "Air nol delapan satu dua tiga empat lima enam tujuh",
                                                     "name_en": "Water", "slug": "air"})
    assert response.status_code == 422
    assert REFUSED in field_error(response, "name")
    with app.app_context():
        assert db.session.scalar(sa.select(Category).where(Category.slug == "air")) is None


def test_a_name_shown_on_profiles_refuses_contacts(app, client):
    response = client.post("/akun/daftar", data={
        "name": "Budi WA 0812-3456-7890", "email": "budi@contoh.id",
        "password": "kuda-laut-berenang-pagi", "password_confirm": "kuda-laut-berenang-pagi",
    })
    assert response.status_code == 422
    assert REFUSED in field_error(response, "name")
    assert count(app, User) == 0


# --- The one address a community chooses to publish (issue 12, item 1) -----------------------

PUBLIC_ADDRESS = "proposal@rumahbaca.id"


def test_a_confirmed_public_address_is_shown_under_its_label(app, client, auth, coordinator):
    auth.login(COORDINATOR)
    data = profile_data(app, public_email=PUBLIC_ADDRESS, public_email_confirmed="y")
    assert client.post("/kelola/komunitas-baru", data=data).status_code == 303
    auth.logout()
    page = client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
    assert "Alamat resmi untuk publik" in page and f'href="mailto:{PUBLIC_ADDRESS}"' in page
    # The contact e-mail and phone of the same form stay behind the request.
    assert data["email"] not in page and "3456" not in page


@pytest.mark.parametrize(
    "values, message",
    [
        ({"public_email": PUBLIC_ADDRESS}, "Centang pernyataan di bawah"),
        ({"public_email": "halo@rumahbaca.id", "public_email_confirmed": "y"}, "Alamat ini pribadi"),
        ({"public_email": COORDINATOR.upper(), "public_email_confirmed": "y"}, "Alamat ini pribadi"),
        ({"public_email": "0812 3456 7890", "public_email_confirmed": "y"}, "Alamat e-mail tidak valid."),
    ],
)
def test_a_public_address_must_be_confirmed_and_not_personal(app, client, auth, coordinator, values, message):
    auth.login(COORDINATOR)
    response = client.post("/kelola/komunitas-baru", data=profile_data(app, **values))
    assert response.status_code == 422
    assert message in field_error(response, "public_email")
    assert count(app, Community) == 0


def test_a_public_address_stays_confirmed_when_editing_and_can_be_taken_back(app, client, auth, community):
    with app.app_context():
        db.session.get(Community, community.id).public_email = PUBLIC_ADDRESS
        db.session.commit()
    auth.login(COORDINATOR)
    form = client.get("/kelola/rumah-baca-senja/profil").get_data(as_text=True)
    assert f'value="{PUBLIC_ADDRESS}"' in form
    [checkbox] = re.findall(r'<input[^>]*id="public_email_confirmed"[^>]*>', form)
    assert "checked" in checkbox
    data = profile_data(app, public_email="", version="1")
    assert client.post("/kelola/rumah-baca-senja/profil", data=data).status_code == 303
    with app.app_context():
        assert db.session.get(Community, community.id).public_email is None
    assert PUBLIC_ADDRESS not in client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
