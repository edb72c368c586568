"""Ajak bermitra: requests between communities, contacts shared only on acceptance, answers by
the receiver only, and a limit on how many requests one account can send."""

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import AuditEvent, PartnershipRequest, PartnershipStatus

SENDER = "rina@contoh.id"
RECEIVER = "budi@contoh.id"
OUTSIDER = "orang@contoh.id"
# Everything that identifies how to reach either side, personal or organisational.
SENDER_CONTACTS = ["rina@contoh.id", "halo@rumahbaca.id", "0812-1111-2222"]
RECEIVER_CONTACTS = ["budi@contoh.id", "kontak@banksampah.id", "0813-3333-4444", "banksampahhijau"]


@pytest.fixture
def sides(make_user, make_community):
    rina = make_user(SENDER, name="Rina Koordinator")
    budi = make_user(RECEIVER, name="Budi Koordinator")
    make_user(OUTSIDER, name="Orang Lain")
    make_community("Rumah Baca Senja", coordinators=[rina], email="halo@rumahbaca.id", phone="0812-1111-2222")
    make_community("Bank Sampah Hijau", coordinators=[budi], slug="bank-sampah-hijau",
                   email="kontak@banksampah.id", phone="0813-3333-4444",
                   instagram="https://www.instagram.com/banksampahhijau/")


REQUEST = {"dari": "rumah-baca-senja", "goal": "Kelas literasi lingkungan bersama",
           "message": "Kami punya relawan pengajar, Anda punya tempat. Mari bertemu."}


def send(client, auth, **values):
    auth.login(SENDER)
    return client.post("/kemitraan/ajak/bank-sampah-hijau", data={**REQUEST, **values})


def stored_requests(app):
    with app.app_context():
        return [(r.sender_id, r.receiver_id, r.status, r.goal)
                for r in db.session.scalars(sa.select(PartnershipRequest).order_by(PartnershipRequest.id))]


def request_id(app):
    with app.app_context():
        return db.session.scalar(sa.select(PartnershipRequest.id))


def pages_seen(client, auth, email, paths):
    auth.logout()
    auth.login(email)
    return {path: client.get(path).get_data(as_text=True) for path in paths}


def test_contacts_are_shared_only_once_the_receiver_accepts(app, client, auth, sides):
    response = send(client, auth)
    assert response.status_code == 303
    number = request_id(app)
    assert response.headers["Location"] == f"/kemitraan/{number}"
    detail = f"/kemitraan/{number}"

    # Before acceptance: every page either side sees in this flow, and the profiles.
    sender_pages = pages_seen(client, auth, SENDER, [detail, "/kemitraan", "/kelola/rumah-baca-senja",
                                                     "/komunitas/bank-sampah-hijau", "/kemitraan/ajak/bank-sampah-hijau"])
    receiver_pages = pages_seen(client, auth, RECEIVER, [detail, "/kemitraan", "/kelola/bank-sampah-hijau",
                                                         "/komunitas/rumah-baca-senja"])
    assert "Kelas literasi lingkungan bersama" in sender_pages[detail]
    assert "Terima ajakan" in receiver_pages[detail]
    assert "Terima ajakan" not in sender_pages[detail]
    for path, html in sender_pages.items():
        assert not [c for c in RECEIVER_CONTACTS if c in html], path
    for path, html in receiver_pages.items():
        assert not [c for c in SENDER_CONTACTS if c in html], path

    # The receiver accepts: both sides now see each other's coordinators and contacts.
    assert client.post(f"{detail}/terima").status_code == 303
    after_receiver = client.get(detail).get_data(as_text=True)
    after_sender = pages_seen(client, auth, SENDER, [detail])[detail]
    for html in (after_receiver, after_sender):
        for contact in SENDER_CONTACTS + RECEIVER_CONTACTS:
            assert contact in html
        assert "Rina Koordinator" in html and "Budi Koordinator" in html
    assert 'href="mailto:budi@contoh.id"' in after_sender
    # The directory's contact rows: wrapping long values, social profiles as '@name'.
    assert '<dl class="facts contacts">' in after_sender
    assert '<a href="https://instagram.com/banksampahhijau" rel="nofollow noopener">@banksampahhijau</a>' in after_sender
    assert stored_requests(app)[0][2] == PartnershipStatus.ACCEPTED


def test_a_declined_request_shares_no_contact_and_stays_in_both_histories(app, client, auth, sides):
    send(client, auth)
    detail = f"/kemitraan/{request_id(app)}"
    pages_seen(client, auth, RECEIVER, [])
    assert client.post(f"{detail}/tolak").status_code == 303
    receiver_view = client.get(detail).get_data(as_text=True)
    sender_view = pages_seen(client, auth, SENDER, [detail, "/kemitraan"])
    assert "ditolak" in receiver_view and "ditolak" in sender_view["/kemitraan"]
    assert not [c for c in SENDER_CONTACTS if c in receiver_view]
    assert not [c for c in RECEIVER_CONTACTS if c in sender_view[detail]]
    with app.app_context():
        assert list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id))) == [
            "partnership.requested", "partnership.declined"]


def test_the_receiver_is_told_by_email_without_the_senders_contacts(app, client, auth, sides, caplog):
    caplog.set_level("INFO")
    send(client, auth)
    mail = caplog.text
    assert "To: budi@contoh.id" in mail and "Kelas literasi lingkungan bersama" in mail
    assert not [c for c in SENDER_CONTACTS if c in mail]


@pytest.mark.parametrize(
    "values",
    [{"message": "Telepon kami di 0812 3456 7890 ya"}, {"message": "Balas ke rina.pribadi@gmail.com"},
     {"goal": "Kerja sama, WA +6281234567890"}],
)
def test_contacts_in_a_request_are_refused_before_acceptance(app, client, auth, sides, values):
    response = send(client, auth, **values)
    assert response.status_code == 422
    assert "Jangan tulis nomor telepon atau alamat e-mail di ajakan" in response.get_data(as_text=True)
    assert stored_requests(app) == []


@pytest.mark.parametrize(
    "values, message",
    [({"goal": ""}, "Tulis tujuan yang ingin dicapai bersama."),
     ({"goal": "x" * 201}, "Tujuan paling panjang 200 karakter."),
     ({"message": "x" * 2001}, "Pesan paling panjang 2000 karakter."),
     ({"dari": "bank-sampah-hijau"}, "Pilih salah satu komunitas yang Anda koordinasikan.")],
)
def test_invalid_requests_are_refused_in_indonesian(app, client, auth, sides, values, message):
    response = send(client, auth, **values)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored_requests(app) == []


def test_a_second_request_waits_for_the_first_answer(app, client, auth, sides):
    send(client, auth)
    response = send(client, auth, goal="Lagi")
    assert response.status_code == 422
    assert "belum menjawab ajakan Anda sebelumnya" in response.get_data(as_text=True)
    assert len(stored_requests(app)) == 1


def test_someone_who_coordinates_no_other_community_cannot_send(app, client, auth, sides):
    auth.login(OUTSIDER)
    response = client.post("/kemitraan/ajak/bank-sampah-hijau", data=REQUEST)
    assert response.status_code == 403
    assert "Anda belum mengoordinasikan komunitas lain" in response.get_data(as_text=True)
    auth.logout()
    auth.login(RECEIVER)  # may not ask their own community
    assert client.get("/kemitraan/ajak/bank-sampah-hijau").status_code == 403
    assert stored_requests(app) == []


def test_only_the_receiver_answers_and_only_the_two_sides_read(app, client, auth, sides):
    send(client, auth)
    detail = f"/kemitraan/{request_id(app)}"
    before = stored_requests(app)
    # The sender cannot accept their own request.
    assert client.post(f"{detail}/terima").status_code == 403
    # Someone outside both communities reads nothing and answers nothing.
    pages_seen(client, auth, OUTSIDER, [])
    assert client.get(detail).status_code == 403
    assert client.post(f"{detail}/terima").status_code == 403
    assert stored_requests(app) == before
    # Signed out: to the sign-in page.
    auth.logout()
    for method, path in (("GET", detail), ("POST", f"{detail}/terima"), ("GET", "/kemitraan"),
                         ("GET", "/kemitraan/ajak/bank-sampah-hijau")):
        response = client.open(path, method=method)
        assert response.status_code == 302 and response.headers["Location"].startswith("/akun/masuk")
    assert stored_requests(app) == before


@pytest.mark.parametrize("path", ["/kemitraan/99999999", "/kemitraan/99999999999999999999",
                                  "/kemitraan/ajak/tidak-ada"])
def test_unknown_requests_and_communities_are_not_found(client, auth, sides, path):
    auth.login(SENDER)
    assert client.get(path).status_code == 404


def test_an_answer_is_given_once(app, client, auth, sides):
    send(client, auth)
    detail = f"/kemitraan/{request_id(app)}"
    pages_seen(client, auth, RECEIVER, [])
    client.post(f"{detail}/tolak")
    response = client.post(f"{detail}/terima", follow_redirects=True)
    assert "Ajakan ini sudah dijawab sebelumnya." in response.get_data(as_text=True)
    assert stored_requests(app)[0][2] == PartnershipStatus.DECLINED


def test_requests_are_rate_limited_per_sender(app, client, auth, sides):
    for _attempt in range(10):
        assert send(client, auth, goal="").status_code == 422
    response = send(client, auth)
    assert response.status_code == 429
    assert stored_requests(app) == []
