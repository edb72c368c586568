"""Contacts by consent (issue 12): no community's contact details reach anyone its
coordinators have not accepted, or who is not a partner."""

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import PartnershipRequest, PartnershipStatus, Role

SECRETS = ("rahasia@senja.id", "0812", "3456")
CONTACTS = {"email": "rahasia@senja.id", "phone": "0812-3456-7890", "website": "senja.example.id"}
REASON = "Saya relawan di Cibiru dan ingin membantu kelas membaca hari Sabtu."


@pytest.fixture
def senja(make_user, make_community):
    rina = make_user("rina@contoh.id", name="Rina Koordinator")
    make_user("relawan@contoh.id", name="Dewi Relawan")
    return make_community("Rumah Baca Senja", slug="senja", coordinators=[rina], **CONTACTS)


def shows_secrets(text):
    return [value for value in SECRETS if value in text]


def ask(client, slug="senja", message=REASON):
    return client.post(f"/komunitas/{slug}/kontak", data={"message": message})


def test_a_member_sees_contacts_only_after_the_coordinators_accept(app, client, auth, senja):
    auth.login("relawan@contoh.id")
    form = client.get("/komunitas/senja/kontak").get_data(as_text=True)
    assert shows_secrets(form) == [] and "Minta kontak" in form

    response = ask(client)
    assert response.status_code == 303
    waiting = client.get("/komunitas/senja/kontak").get_data(as_text=True)
    assert "Koordinatornya akan menjawab" in waiting and shows_secrets(waiting) == []
    assert "Anda sudah meminta kontak" in client.get(ask(client).headers["Location"]).get_data(as_text=True)

    auth.logout()
    auth.login("rina@contoh.id")
    assert client.get("/kotak-masuk/jumlah").get_json() == {"unread": 1}
    listing = client.get("/kelola/senja/permintaan-kontak").get_data(as_text=True)
    assert "Dewi Relawan" in listing and REASON in listing
    assert "relawan@contoh.id" not in listing  # the requester's address too waits for the answer
    [request_id] = db_ids(app)
    response = client.post(f"/kelola/senja/permintaan-kontak/{request_id}/terima")
    assert response.status_code == 303
    assert "relawan@contoh.id" in client.get("/kelola/senja/permintaan-kontak").get_data(as_text=True)

    auth.logout()
    auth.login("relawan@contoh.id")
    assert client.get("/kotak-masuk/jumlah").get_json() == {"unread": 1}
    contacts = client.get("/komunitas/senja/kontak").get_data(as_text=True)
    assert shows_secrets(contacts) == list(SECRETS)


def db_ids(app):
    from webapp.contacts.models import ContactRequest

    with app.app_context():
        return db.session.scalars(sa.select(ContactRequest.id).order_by(ContactRequest.id)).all()


@pytest.mark.parametrize(("message", "error"), [
    ("", "Tulis alasan Anda"),
    ("Halo", "Tulis 20 sampai 500 karakter."),
    ("Hubungi saya di 0812-9999-8888 ya, saya relawan.", "Jangan tulis nomor telepon atau e-mail"),
    ("Balas ke dewi@contoh.id, saya ingin bantu kelas.", "Jangan tulis nomor telepon atau e-mail"),
    ("x" * 501, "Tulis 20 sampai 500 karakter."),
])
def test_the_reason_is_checked(app, client, auth, senja, message, error):
    auth.login("relawan@contoh.id")
    response = ask(client, message=message)
    assert response.status_code == 422
    assert error in response.get_data(as_text=True)
    assert db_ids(app) == []


def test_declined_may_ask_again_and_blocked_may_not(app, client, auth, senja):
    auth.login("relawan@contoh.id")
    ask(client)
    auth.logout()
    auth.login("rina@contoh.id")
    client.post(f"/kelola/senja/permintaan-kontak/{db_ids(app)[0]}/tolak")
    auth.logout()
    auth.login("relawan@contoh.id")
    assert "sebelumnya ditolak" in client.get("/komunitas/senja/kontak").get_data(as_text=True)
    ask(client, message=REASON + " Saya punya pengalaman dua tahun.")
    auth.logout()
    auth.login("rina@contoh.id")
    client.post(f"/kelola/senja/permintaan-kontak/{db_ids(app)[1]}/blokir")
    auth.logout()
    auth.login("relawan@contoh.id")
    page = client.get("/komunitas/senja/kontak").get_data(as_text=True)
    assert "tidak menerima permintaan kontak dari akun Anda" in page and shows_secrets(page) == []
    ask(client)
    assert len(db_ids(app)) == 2


def test_requests_are_limited_per_account_and_day(app, client, auth, make_user, make_community):
    make_user("relawan@contoh.id")
    for number in range(6):
        make_community(f"Komunitas {number}", slug=f"k{number}")
    auth.login("relawan@contoh.id")
    assert [ask(client, slug=f"k{number}").status_code for number in range(6)] == [303] * 5 + [429]


def test_admins_and_other_coordinators_see_no_contacts_without_consent(app, client, auth, senja, make_user,
                                                                       make_community):
    make_user("admin@contoh.id", role=Role.ADMIN)
    budi = make_user("budi@contoh.id")
    make_community("Kebun Warga", slug="kebun", coordinators=[budi])
    for email in ("admin@contoh.id", "budi@contoh.id"):
        auth.login(email)
        assert shows_secrets(client.get("/komunitas/senja/kontak").get_data(as_text=True)) == []
        auth.logout()


def test_coordinators_of_a_partner_community_see_contacts(app, client, auth, senja, make_user, make_community):
    budi = make_user("budi@contoh.id")
    kebun = make_community("Kebun Warga", slug="kebun", coordinators=[budi])
    with app.app_context():
        db.session.add(PartnershipRequest(sender_id=kebun.id, receiver_id=senja.id, goal="Kebun baca",
                                          status=PartnershipStatus.ACCEPTED))
        db.session.commit()
    auth.login("budi@contoh.id")
    assert shows_secrets(client.get("/komunitas/senja/kontak").get_data(as_text=True)) == list(SECRETS)


@pytest.mark.parametrize("request_id", ["1", "999999", str(2**31), str(2**63), str(2**64)])
def test_only_the_communitys_coordinators_answer_its_requests(app, client, auth, senja, make_user, make_community,
                                                              request_id):
    budi = make_user("budi@contoh.id")
    make_community("Kebun Warga", slug="kebun", coordinators=[budi])
    auth.login("relawan@contoh.id")
    ask(client)
    auth.logout()
    auth.login("budi@contoh.id")
    assert client.get("/kelola/senja/permintaan-kontak").status_code == 403
    assert client.post(f"/kelola/senja/permintaan-kontak/{request_id}/terima").status_code in (403, 404)
    # Through his own community's address the request is not his to answer either.
    assert client.post(f"/kelola/kebun/permintaan-kontak/{request_id}/terima").status_code == 404
    auth.logout()
    auth.login("relawan@contoh.id")
    assert shows_secrets(client.get("/komunitas/senja/kontak").get_data(as_text=True)) == []


def test_a_crawl_signed_out_and_as_a_fresh_member_finds_no_contact(app, client, auth, make_user, make_community):
    """Every community's profile, contact page and fragment, and the directory's pages."""
    for number in range(5):
        make_community(f"Komunitas {number}", slug=f"k{number}", email=f"pribadi{number}@rahasia.id",
                       phone=f"0813-0000-000{number}")
    make_user("baru@contoh.id")
    for signed_in in (False, True):
        if signed_in:
            auth.login("baru@contoh.id")
        pages = ["/", "/komunitas", "/program"] + [
            url for number in range(5)
            for url in (f"/komunitas/k{number}", f"/komunitas/k{number}/kontak")
        ]
        for url in pages:
            for headers in ({}, {"HX-Request": "true"}):
                text = client.get(url, headers=headers).get_data(as_text=True)
                assert "rahasia.id" not in text and "0813" not in text, url
