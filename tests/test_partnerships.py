"""Ajak bermitra: requests between communities, contacts shared only on acceptance, answers by
the receiver only, and a limit on how many requests one account can send."""

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import AuditEvent, Community, PartnershipRequest, PartnershipStatus

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


def test_a_second_request_is_refused_and_the_form_points_to_the_first(app, client, auth, sides):
    send(client, auth)
    detail = f"/kemitraan/{request_id(app)}"
    for email, path in ((SENDER, "/kemitraan/ajak/bank-sampah-hijau"), (RECEIVER, "/kemitraan/ajak/rumah-baca-senja")):
        page = pages_seen(client, auth, email, [path])[path]
        assert "Sudah ada ajakan" in page and f'href="{detail}"' in page
        assert "Kirim ajakan" not in page
    response = send(client, auth, goal="Lagi")
    assert response.status_code == 409
    assert "Sudah ada ajakan" in response.get_data(as_text=True)
    assert len(stored_requests(app)) == 1


def test_a_declined_request_does_not_block_a_new_one(app, client, auth, sides):
    send(client, auth)
    pages_seen(client, auth, RECEIVER, [])
    client.post(f"/kemitraan/{request_id(app)}/tolak")
    page = pages_seen(client, auth, SENDER, ["/kemitraan/ajak/bank-sampah-hijau"])["/kemitraan/ajak/bank-sampah-hijau"]
    assert "Kirim ajakan" in page and "Sudah ada ajakan" not in page
    assert send(client, auth, goal="Coba lagi").status_code == 303
    assert [r[2] for r in stored_requests(app)] == [PartnershipStatus.DECLINED, PartnershipStatus.PENDING]


def test_an_accepted_partnership_is_not_asked_again_from_either_side(app, client, auth, sides):
    send(client, auth)
    pages_seen(client, auth, RECEIVER, [])
    client.post(f"/kemitraan/{request_id(app)}/terima")
    response = client.post("/kemitraan/ajak/rumah-baca-senja", data={**REQUEST, "dari": "bank-sampah-hijau"})
    assert response.status_code == 409
    assert "diterima" in response.get_data(as_text=True)
    assert len(stored_requests(app)) == 1


@pytest.mark.parametrize("accept, sentence", [
    (True, "Bank Sampah Hijau menerima ajakan bermitra dari Rumah Baca Senja."),
    (False, "Bank Sampah Hijau menolak ajakan bermitra dari Rumah Baca Senja."),
])
def test_the_sender_is_told_of_the_answer(app, client, auth, sides, caplog, accept, sentence):
    """In the inbox; by e-mail too for an acceptance (the partnership starts: get in touch)."""
    send(client, auth)
    pages_seen(client, auth, RECEIVER, [])
    caplog.clear()
    caplog.set_level("INFO")
    client.post(f"/kemitraan/{request_id(app)}/{'terima' if accept else 'tolak'}")
    mail = caplog.text
    assert ("To: rina@contoh.id" in mail) is accept
    if accept:
        assert "Subject: Bank Sampah Hijau menerima ajakan bermitra" in mail
        assert f"/kemitraan/{request_id(app)}" in mail
    assert "To: budi@contoh.id" not in mail
    assert not [c for c in RECEIVER_CONTACTS[1:] if c in mail]
    auth.logout()
    auth.login(SENDER)
    assert client.get("/kotak-masuk/jumlah").get_json() == {"unread": 1}
    assert sentence in client.get("/kotak-masuk").get_data(as_text=True)


def test_the_sender_withdraws_a_pending_request_after_confirming(app, client, auth, sides, caplog):
    send(client, auth)
    detail = f"/kemitraan/{request_id(app)}"
    assert 'href="%s/tarik"' % detail in client.get(detail).get_data(as_text=True)
    confirm = client.get(f"{detail}/tarik").get_data(as_text=True)
    assert "Ya, tarik permintaan" in confirm and "Kelas literasi lingkungan bersama" in confirm
    assert stored_requests(app)[0][2] == PartnershipStatus.PENDING  # asking is not doing
    caplog.set_level("INFO")
    response = client.post(f"{detail}/tarik", follow_redirects=True)
    assert "Ajakan ditarik. Bank Sampah Hijau diberi tahu." in response.get_data(as_text=True)
    assert stored_requests(app)[0][2] == PartnershipStatus.WITHDRAWN
    auth.logout()
    auth.login(RECEIVER)
    told = "Rumah Baca Senja menarik kembali ajakan bermitra kepada Bank Sampah Hijau."
    assert told in client.get("/kotak-masuk").get_data(as_text=True)

    for email in (SENDER, RECEIVER):
        pages = pages_seen(client, auth, email, [detail, "/kemitraan"])
        assert "ditarik" in pages[detail] and "ditarik" in pages["/kemitraan"]
        assert "Terima ajakan" not in pages[detail] and "Tarik permintaan" not in pages[detail]
    # The receiver's page was opened before the withdrawal: a stale accept is refused, clearly.
    response = client.post(f"{detail}/terima", follow_redirects=True)
    assert response.status_code == 200
    assert "sudah ditarik oleh pengirimnya" in response.get_data(as_text=True)
    assert stored_requests(app)[0][2] == PartnershipStatus.WITHDRAWN
    with app.app_context():
        assert list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id))) == [
            "partnership.requested", "partnership.withdrawn"]


def test_only_the_senders_coordinators_withdraw_and_only_while_pending(app, client, auth, sides):
    send(client, auth)
    detail = f"/kemitraan/{request_id(app)}"
    pages_seen(client, auth, RECEIVER, [])
    assert client.get(f"{detail}/tarik").status_code == 403
    assert client.post(f"{detail}/tarik").status_code == 403
    pages_seen(client, auth, OUTSIDER, [])
    assert client.post(f"{detail}/tarik").status_code == 403
    pages_seen(client, auth, RECEIVER, [])
    client.post(f"{detail}/terima")
    pages_seen(client, auth, SENDER, [])
    response = client.post(f"{detail}/tarik", follow_redirects=True)
    assert "sudah dijawab Bank Sampah Hijau, jadi tidak bisa ditarik lagi" in response.get_data(as_text=True)
    assert client.get(f"{detail}/tarik").status_code == 303
    assert stored_requests(app)[0][2] == PartnershipStatus.ACCEPTED


def test_a_former_coordinator_still_sees_what_they_sent_but_no_contacts(app, client, auth, sides, make_user):
    send(client, auth)
    number = request_id(app)
    successor = make_user("sari@contoh.id", name="Sari Penerus")
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == "rumah-baca-senja"))
        community.coordinatorships[0].user_id = successor.id
        db.session.commit()
    pages_seen(client, auth, RECEIVER, [])
    client.post(f"/kemitraan/{number}/terima")
    # Budi's own request to Rumah Baca Senja, which Rina never sent: not hers to read.
    with app.app_context():
        bank = db.session.scalar(sa.select(Community).where(Community.slug == "bank-sampah-hijau"))
        db.session.add(PartnershipRequest(sender=bank, receiver=community, goal="Lain", status="declined"))
        db.session.commit()
        other = db.session.scalar(sa.select(PartnershipRequest.id).where(PartnershipRequest.goal == "Lain"))

    pages = pages_seen(client, auth, SENDER, ["/kemitraan", f"/kemitraan/{number}"])
    assert "Kelas literasi lingkungan bersama" in pages["/kemitraan"]
    assert "Anda kirimkan saat masih koordinator Rumah Baca Senja" in pages["/kemitraan"]
    assert "Lain" not in pages["/kemitraan"]
    detail = pages[f"/kemitraan/{number}"]
    assert "diterima" in detail and "tidak lagi mengoordinasikannya" in detail
    for html in pages.values():
        assert not [c for c in SENDER_CONTACTS[1:] + RECEIVER_CONTACTS if c in html]
    assert "Terima ajakan" not in detail and "Tarik permintaan" not in detail
    assert client.get(f"/kemitraan/{other}").status_code == 403
    # The successor sees the contacts of both sides.
    successor_view = pages_seen(client, auth, "sari@contoh.id", [f"/kemitraan/{number}"])[f"/kemitraan/{number}"]
    assert "kontak@banksampah.id" in successor_view and "budi@contoh.id" in successor_view


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
