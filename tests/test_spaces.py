"""Partnership spaces: from an accepted request to an acknowledged agreement, health checks whose
answers stay private until every partner answered, a third partner, the thread, brokers, endings,
and nobody else seeing any of it."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from webapp.demo import DEMO_PASSWORD, load_demo
from webapp.extensions import db
from webapp.models import (
    AgreementVersion,
    Community,
    Coordinatorship,
    HealthCheckRound,
    Message,
    Partnership,
    Program,
    Role,
    User,
    utcnow,
)
from webapp.notifications.models import Notification
from webapp.spaces import health, services

RINA, BUDI, SITI = "rina@contoh.id", "budi@contoh.id", "siti@contoh.id"
OUTSIDER, MEMBER, BROKER = "dewi@contoh.id", "relawan@contoh.id", "fasilitator@contoh.id"
GOAL = "Kelas literasi lingkungan bersama"


@pytest.fixture
def partners(make_user, make_community):
    """Rumah Baca Senja (Rina) and Bank Sampah Hijau (Budi); Sanggar Tari (Siti) and Kebun
    Warga (Dewi, a coordinator outside the partnership); a member; a facilitator."""
    rina = make_user(RINA, name="Rina Koordinator")
    budi = make_user(BUDI, name="Budi Koordinator")
    siti = make_user(SITI, name="Siti Koordinator")
    dewi = make_user(OUTSIDER, name="Dewi Luar")
    make_user(MEMBER, name="Relawan Biasa")
    make_user(BROKER, name="Fajar Fasilitator", role=Role.FACILITATOR)
    make_community("Rumah Baca Senja", coordinators=[rina])
    make_community("Bank Sampah Hijau", coordinators=[budi], slug="bank-sampah-hijau", email="kontak@banksampah.id")
    make_community("Sanggar Tari", coordinators=[siti], slug="sanggar-tari")
    make_community("Kebun Warga", coordinators=[dewi], slug="kebun-warga")


def as_(client, auth, email):
    auth.logout()
    auth.login(email)


def start_partnership(app, client, auth):
    """Rina asks Bank Sampah Hijau; Budi accepts. Returns the space's path."""
    as_(client, auth, RINA)
    client.post("/kemitraan/ajak/bank-sampah-hijau", data={"dari": "rumah-baca-senja", "goal": GOAL, "message": ""})
    as_(client, auth, BUDI)
    with app.app_context():
        request_id = db.session.scalar(sa.text("SELECT id FROM partnership_request"))
    assert client.post(f"/kemitraan/{request_id}/terima").status_code == 303
    detail = client.get(f"/kemitraan/{request_id}").get_data(as_text=True)
    with app.app_context():
        space_id = db.session.scalar(sa.select(Partnership.id))
    assert f"/ruang-kemitraan/{space_id}" in detail
    return f"/ruang-kemitraan/{space_id}"


def form_version(page):
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def latest_number(page):
    return re.search(r'name="number" value="(\d+)"', page).group(1)


WHY = {"shared_goal": GOAL, "objectives": "Rumah Baca: anak gemar membaca.\nBank Sampah: kampung bersih.",
       "principles": "Setara, terbuka, saling menguntungkan."}


def save_why(client, space, **changes):
    page = client.get(f"{space}/kesepakatan/mengapa").get_data(as_text=True)
    return client.post(f"{space}/kesepakatan/mengapa", data={**WHY, **changes, "version": form_version(page)})


def acknowledge(client, space):
    page = client.get(f"{space}/kesepakatan").get_data(as_text=True)
    return client.post(f"{space}/kesepakatan/akui", data={"number": latest_number(page)})


def answer_all(client, space, number, colour, **overrides):
    data = {key: overrides.get(key, colour) for key, _group, _text in health.STATEMENTS}
    data["trust_comment"] = "Kami perlu lebih sering bertemu."
    return client.post(f"{space}/cek/{number}", data=data)


def test_from_request_to_an_acknowledged_agreement_a_health_check_and_a_third_partner(app, client, auth, partners):
    space = start_partnership(app, client, auth)

    # Both partners write and acknowledge: only then is it "berlaku".
    as_(client, auth, RINA)
    assert save_why(client, space).status_code == 303
    agreement = client.get(f"{space}/kesepakatan").get_data(as_text=True)
    assert "bukan kontrak hukum" in agreement and "draf" in agreement
    assert acknowledge(client, space).status_code == 303
    assert "berlaku" not in re.sub(r"Berlaku setelah", "", client.get(f"{space}/kesepakatan").get_data(as_text=True))
    as_(client, auth, BUDI)
    acknowledge(client, space)
    agreement = client.get(f"{space}/kesepakatan").get_data(as_text=True)
    assert "Semua mitra sudah mengakui versi ini." in agreement

    # A health check: Budi's answers stay private until Rina answers too; then diverging first.
    assert client.post(f"{space}/cek").headers["Location"] == f"{space}/cek/1"
    assert answer_all(client, space, 1, "green", trust="red").status_code == 303
    as_(client, auth, RINA)
    waiting = client.get(f"{space}/cek/1").get_data(as_text=True)
    assert "Kami perlu lebih sering bertemu." not in waiting and "Kirim jawaban" in waiting
    answer_all(client, space, 1, "green")
    results = client.get(f"{space}/cek/1").get_data(as_text=True)
    assert "Kami perlu lebih sering bertemu." in results
    assert results.index(str(health.STATEMENT_TEXT["trust"])) < results.index(str(health.STATEMENT_TEXT["goal_shared"]))
    assert results.count("berbeda</span>") == 1
    assert client.post(f"{space}/cek/1/perbaikan", data={
        "text": "Rapat bulanan bergantian tempat", "owner": "Rina", "due_on": "2027-01-31"}).status_code == 303
    assert "Rapat bulanan bergantian tempat" in client.get(f"{space}/cek/1").get_data(as_text=True)
    trend = client.get(f"{space}/cek").get_data(as_text=True)
    assert "<svg" in trend and "<table>" in trend

    # A third partner: invited, accepts, and the agreement asks every partner again.
    assert client.post(f"{space}/mitra", data={"community": "http://localhost/komunitas/sanggar-tari"}).status_code == 303
    as_(client, auth, SITI)
    assert client.get(space).status_code == 404  # invited is not yet a partner
    assert "Sanggar Tari diundang" in client.get(f"{space}/undangan").get_data(as_text=True)
    assert client.post(f"{space}/undangan", data={"jawab": "terima"}).status_code == 303
    agreement = client.get(f"{space}/kesepakatan").get_data(as_text=True)
    assert "Semua mitra sudah mengakui versi ini." not in agreement
    assert "Sanggar Tari" in agreement
    for email in (SITI, RINA, BUDI):
        as_(client, auth, email)
        acknowledge(client, space)
    assert "Semua mitra sudah mengakui versi ini." in client.get(f"{space}/kesepakatan").get_data(as_text=True)


def test_every_save_is_a_numbered_version_with_a_readable_diff_and_stale_edits_are_refused(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    stale = client.get(f"{space}/kesepakatan/mengapa").get_data(as_text=True)
    save_why(client, space)
    as_(client, auth, BUDI)
    response = client.post(f"{space}/kesepakatan/mengapa",
                           data={**WHY, "principles": "Lain sama sekali", "version": form_version(stale)})
    assert response.status_code == 409
    assert "Rina Koordinator menyimpan perubahan" in response.get_data(as_text=True)
    save_why(client, space, principles="Setara, terbuka, saling menguntungkan.\nKeputusan bersama.")
    with app.app_context():
        numbers = list(db.session.scalars(sa.select(AgreementVersion.number).order_by(AgreementVersion.number)))
    assert numbers == [1, 2, 3]
    diff = client.get(f"{space}/kesepakatan/versi/3").get_data(as_text=True)
    assert "<ins>Keputusan bersama.</ins>" in diff and "Budi Koordinator mengubah" in diff
    assert "<del>" not in diff
    assert client.get(f"{space}/kesepakatan/versi/99").status_code == 404


def test_acknowledging_an_older_version_is_refused(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    page = client.get(f"{space}/kesepakatan").get_data(as_text=True)
    save_why(client, space)
    as_(client, auth, BUDI)
    client.post(f"{space}/kesepakatan/akui", data={"number": latest_number(page)}, follow_redirects=True)
    with app.app_context():
        assert not services.in_force(db.session.scalar(sa.select(Partnership)))


def test_answers_open_after_seven_days_even_if_a_partner_never_answers(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    client.post(f"{space}/cek")
    answer_all(client, space, 1, "amber")
    as_(client, auth, BUDI)
    assert "merah: bermasalah" not in client.get(f"{space}/cek/1").get_data(as_text=True)
    with app.app_context():
        round_ = db.session.scalar(sa.select(HealthCheckRound))
        round_.opened_at = utcnow() - health.PRIVATE_FOR
        db.session.commit()
    page = client.get(f"{space}/cek/1").get_data(as_text=True)
    assert "kuning: perlu perhatian" in page and "Kirim jawaban" not in page


@pytest.mark.parametrize("who, allowed", [(OUTSIDER, (403, 404)), (MEMBER, (403, 404)), (None, (302,))])
def test_nobody_else_sees_or_does_anything_in_a_space(app, client, auth, partners, who, allowed):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    client.post(f"{space}/pesan", data={"body": "Nomor saya 0812-9999-0000", "key": "kunci-pesan-1"})
    client.post(f"{space}/cek")
    auth.logout()
    if who:
        auth.login(who)
    for path in ("", "/kesepakatan", "/kesepakatan/mengapa", "/kesepakatan/versi", "/kesepakatan/versi/1",
                 "/kesepakatan/skor", "/cek", "/cek/1", "/pesan", "/selesai", "/undangan"):
        response = client.get(space + path)
        assert response.status_code in allowed, path
        assert GOAL not in response.get_data(as_text=True)
    for path, data in (("/kesepakatan/mengapa", {**WHY, "version": "1"}), ("/kesepakatan/akui", {"number": "1"}),
                       ("/cek", {}), ("/cek/1", {}), ("/pesan", {"body": "halo", "key": "kunci-pesan-2"}),
                       ("/mitra", {"community": "kebun-warga"}), ("/pialang", {"email": BROKER}),
                       ("/keluar", {}), ("/selesai", {"note": "selesai"}), ("/undangan", {"jawab": "terima"})):
        assert client.post(space + path, data=data).status_code in allowed, path
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(AgreementVersion.id))) == 1
        assert not db.session.scalar(sa.select(Partnership)).is_ended
    if who:
        assert "0812-9999-0000" not in client.get("/ruang-kemitraan").get_data(as_text=True)


def test_handing_coordination_over_hands_the_partnership_over(app, client, auth, partners, make_user):
    space = start_partnership(app, client, auth)
    new = make_user("baru@contoh.id", name="Koordinator Baru")
    with app.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.slug == "bank-sampah-hijau"))
        budi = db.session.scalar(sa.select(User).where(User.email == BUDI))
        db.session.execute(sa.delete(Coordinatorship).where(Coordinatorship.user_id == budi.id))
        db.session.add(Coordinatorship(community_id=community.id, user_id=new.id))
        db.session.commit()
    as_(client, auth, BUDI)
    assert client.get(space).status_code == 404
    as_(client, auth, "baru@contoh.id")
    assert GOAL in client.get(space).get_data(as_text=True)


def test_a_broker_sees_the_space_only_once_every_partner_invited_them(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    client.post(f"{space}/pialang", data={"email": BROKER})
    as_(client, auth, BROKER)
    assert client.get(space).status_code == 404
    assert GOAL not in client.get("/ruang-kemitraan/pialang").get_data(as_text=True)
    as_(client, auth, BUDI)
    assert client.post(f"{space}/pialang", data={"email": OUTSIDER}).status_code == 422
    client.post(f"{space}/pialang", data={"email": BROKER})
    as_(client, auth, BROKER)
    assert client.get(space).status_code == 200
    watch = client.get("/ruang-kemitraan/pialang").get_data(as_text=True)
    assert GOAL in watch and "Kesepakatan belum diakui semua mitra" in watch
    # A broker reads and talks, but the agreement is the partners' own.
    assert client.get(f"{space}/kesepakatan/mengapa").status_code == 403
    assert client.post(f"{space}/pesan", data={"body": "Saya siap membantu.", "key": "kunci-pialang-1"}).status_code == 303


def test_the_thread_pages_and_tells_the_other_partners(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    for n in range(services.MESSAGES_PER_PAGE + 1):
        client.post(f"{space}/pesan", data={"body": f"Pesan nomor {n}", "key": f"kunci-pesan-{n:04d}"})
    client.post(f"{space}/pesan", data={"body": "Pesan nomor 0 lagi", "key": "kunci-pesan-0000"})
    first = client.get(f"{space}/pesan").get_data(as_text=True)
    assert "Pesan nomor 20" in first and "Pesan nomor 0<" not in first and "Pesan nomor 0 lagi" not in first
    assert "Pesan nomor 0<" in client.get(f"{space}/pesan?halaman=2").get_data(as_text=True)
    assert client.get(f"{space}/pesan?halaman=99999999999999").status_code == 200
    with app.app_context():
        kinds = list(db.session.scalars(sa.select(Notification.kind).join(User).where(User.email == BUDI)))
    assert kinds.count("space_message") == services.MESSAGES_PER_PAGE + 1


def offline_message(client, space_id, key, body="Pesan dari desa tanpa sinyal"):
    return client.post("/ruang-kemitraan/api/pesan", json={"key": key, "partnership": space_id, "body": body},
                       headers={"X-Jejaring": "1", "Sec-Fetch-Site": "same-origin"})


def test_an_offline_message_is_stored_once_and_only_by_a_partner(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    space_id = int(space.rsplit("/", 1)[1])
    as_(client, auth, RINA)
    assert offline_message(client, space_id, "kunci-luring-1").get_json() == {"sent": True, "new": True}
    assert offline_message(client, space_id, "kunci-luring-1").get_json() == {"sent": True, "new": False}
    assert offline_message(client, space_id, "kunci-luring-2", body="   ").status_code == 400
    assert offline_message(client, 2**31 - 1, "kunci-luring-3").status_code == 404
    as_(client, auth, OUTSIDER)
    assert offline_message(client, space_id, "kunci-luring-4").status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 1


def test_ending_keeps_the_history_readable_with_a_closing_note_per_partner(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    client.post(f"{space}/pesan", data={"body": "Terima kasih semuanya", "key": "kunci-akhir-1"})
    assert client.post(f"{space}/keluar").status_code == 303  # two partners: end instead
    assert client.post(f"{space}/selesai", data={"note": "Kelas berjalan enam bulan."}).status_code == 303
    as_(client, auth, BUDI)
    page = client.get(space).get_data(as_text=True)
    assert "selesai pada" in page and "Kelas berjalan enam bulan." in page
    assert "Terima kasih semuanya" in client.get(f"{space}/pesan").get_data(as_text=True)
    assert client.post(f"{space}/selesai", data={"note": "Sampah kampung berkurang."}).status_code == 303
    assert "Sampah kampung berkurang." in client.get(space).get_data(as_text=True)
    assert client.post(f"{space}/cek").status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(HealthCheckRound.id))) == 0


def test_the_reminder_job_asks_for_a_health_check_once_per_stretch(app, client, auth, partners):
    start_partnership(app, client, auth)
    with app.test_request_context():
        assert services.remind_health_checks() == 0
        later = utcnow() + health.REMIND_AFTER + timedelta(days=1)
        assert services.remind_health_checks(later) == 1
        assert services.remind_health_checks(later + timedelta(days=1)) == 0
        kinds = list(db.session.scalars(sa.select(Notification.kind)))
    assert kinds.count("space_health_check_due") == 2


def test_the_demo_broker_sees_an_overdue_review_and_a_red_health_check(app, client, auth):
    with app.app_context():
        load_demo()
    auth.login("fasilitator@jejaring.test", DEMO_PASSWORD)
    page = client.get("/ruang-kemitraan/pialang").get_data(as_text=True)
    assert "Kopi lereng dan olahan laut untuk pasar bersama" in page
    assert "Tinjauan lewat" in page
    assert "Ada jawaban merah di cek kesehatan putaran 3" in page
    assert "Kelas BISINDO di lapak baca" not in page  # ended: nothing left to watch
    # The ended partnership stays readable by its partners, closing notes included.
    auth.logout()
    auth.login("andi.saputra@jejaring.test", DEMO_PASSWORD)
    with app.app_context():
        ended = db.session.scalar(sa.select(Partnership).where(Partnership.title == "Kelas BISINDO di lapak baca"))
        assert ended.is_ended
    assert "Dua belas kelas di alun-alun" in client.get(f"/ruang-kemitraan/{ended.id}").get_data(as_text=True)


def test_the_daily_job_reminds_through_the_inbox(app, client, auth, partners):
    start_partnership(app, client, auth)
    with app.app_context():
        partnership = db.session.scalar(sa.select(Partnership))
        partnership.created_at = utcnow() - health.REMIND_AFTER
        db.session.commit()
        services.look_for_health_checks_due()
    as_(client, auth, BUDI)
    assert "Sudah waktunya cek kesehatan kemitraan" in client.get("/kotak-masuk").get_data(as_text=True)


def test_a_partner_leaving_asks_for_a_new_acknowledgement(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    as_(client, auth, RINA)
    client.post(f"{space}/mitra", data={"community": "sanggar-tari"})
    as_(client, auth, SITI)
    client.post(f"{space}/undangan", data={"jawab": "terima"})
    for email in (SITI, RINA, BUDI):
        as_(client, auth, email)
        acknowledge(client, space)
    assert "Semua mitra sudah mengakui versi ini." in client.get(f"{space}/kesepakatan").get_data(as_text=True)
    as_(client, auth, SITI)
    assert client.post(f"{space}/keluar").status_code == 303
    assert client.get(space).status_code == 404
    as_(client, auth, RINA)
    agreement = client.get(f"{space}/kesepakatan").get_data(as_text=True)
    assert "Semua mitra sudah mengakui versi ini." not in agreement
    assert "Sanggar Tari" not in agreement.split("SIAPA")[1].split("MENGAPA")[0]
    assert "<del>Sanggar Tari</del>" in client.get(f"{space}/kesepakatan/versi/3").get_data(as_text=True)


def test_who_what_how_and_the_scorecard(app, client, auth, partners):
    space = start_partnership(app, client, auth)
    with app.app_context():
        first = db.session.scalar(sa.select(AgreementVersion))
        assert (first.review_on - first.created_at.date()).days == 182  # six months by default
        community = db.session.scalar(sa.select(Community).where(Community.slug == "bank-sampah-hijau"))
        outsider = db.session.scalar(sa.select(Community).where(Community.slug == "kebun-warga"))
        db.session.add_all([Program(community=community, title="Tabungan Sampah RW", regency_code="32.73"),
                            Program(community=outsider, title="Kebun Atap", regency_code="32.73")])
        db.session.commit()
        ours, theirs = db.session.scalars(sa.select(Program.id).order_by(Program.id)).all()
    as_(client, auth, BUDI)
    page = client.get(f"{space}/kesepakatan/siapa").get_data(as_text=True)
    assert client.post(f"{space}/kesepakatan/siapa", data={
        "representative": "Budi", "brings": "Gudang dan timbangan", "wants": "Relawan pengajar",
        "version": form_version(page)}).status_code == 303
    page = client.get(f"{space}/kesepakatan/apa").get_data(as_text=True)
    assert "Tabungan Sampah RW" in page and "Kebun Atap" not in page
    assert client.post(f"{space}/kesepakatan/apa", data={
        "activities": "Kelas menabung sampah", "program_ids": [str(theirs)], "version": form_version(page)}).status_code == 422
    assert client.post(f"{space}/kesepakatan/apa", data={
        "activities": "Kelas menabung sampah", "program_ids": [str(ours)], "version": form_version(page)}).status_code == 303
    page = client.get(f"{space}/kesepakatan/bagaimana").get_data(as_text=True)
    assert client.post(f"{space}/kesepakatan/bagaimana", data={
        "decisions": "Musyawarah", "review_on": "2027-06-30", "version": form_version(page)}).status_code == 303
    agreement = client.get(f"{space}/kesepakatan").get_data(as_text=True)
    assert "Gudang dan timbangan" in agreement and "Tabungan Sampah RW" in agreement and "30 Jun 2027" in agreement
    page = client.get(f"{space}/kesepakatan/skor").get_data(as_text=True)
    assert client.post(f"{space}/kesepakatan/skor", data={
        "goal": "full", "resources": "missing", "version": form_version(page)}).status_code == 303
    assert client.post(f"{space}/kesepakatan/skor", data={
        "goal": "bukan-nilai", "version": form_version(page)}).status_code in (409, 422)
    with app.app_context():
        assert db.session.scalar(sa.select(Partnership)).scorecard == {"goal": "full", "resources": "missing"}
