"""Moderation (issue 12): reports of what breaks the network's rules, the moderators' queue,
and what hiding, warning or suspending does."""

import pytest
import sqlalchemy as sa

from tests.conftest import COORDINATOR, DEFAULT_PASSWORD, audit_actions
from webapp.extensions import db
from webapp.models import Community, Role

REASON = "Profil ini menawarkan jual daftar kontak komunitas."
WHY = "Profil ini menawarkan daftar kontak untuk dijual, melanggar aturan 2."
ADMIN = "admin@contoh.id"


@pytest.fixture
def reporter(make_user):
    return make_user("pelapor@contoh.id", name="Dewi Pelapor")


def reports(app):
    from webapp.moderation.models import Report

    with app.app_context():
        return [(r.case.item_kind, r.case.item_id, r.reporter_id, r.rule, r.reason, r.is_open)
                for r in db.session.scalars(sa.select(Report).order_by(Report.id))]


def make_lesson(app, published=True):
    """A published course "kemitraan" with a lesson "mulai"; (course id, lesson id)."""
    from webapp.models import Course, Lesson

    with app.app_context():
        course = Course(slug="kemitraan", title="Dasar kemitraan", published=True)
        lesson = Lesson(course=course, slug="mulai", title="Memulai", published=published)
        db.session.add_all([course, lesson])
        db.session.commit()
        return course.id, lesson.id


def send_report(client, kind, item_id, rule="tidak-dijual", reason=REASON):
    return client.post(f"/lapor?jenis={kind}&id={item_id}", data={"rule": rule, "reason": reason})


def test_the_profile_links_to_the_report_page_the_same_for_everyone(client, auth, community, reporter):
    signed_out = client.get("/komunitas/rumah-baca-senja")
    link = f'href="/lapor?jenis=komunitas&amp;id={community.id}"'
    assert link in signed_out.get_data(as_text=True) and "public" in signed_out.headers["Cache-Control"]
    auth.login("pelapor@contoh.id")
    signed_in = client.get("/komunitas/rumah-baca-senja")
    assert signed_in.get_data() == signed_out.get_data()

    auth.logout()
    asked = client.get(f"/lapor?jenis=komunitas&id={community.id}")
    assert asked.status_code == 302 and "/akun/masuk" in asked.headers["Location"]


def test_a_member_reports_a_profile_once_while_it_is_open(app, client, auth, community, reporter):
    auth.login("pelapor@contoh.id")
    page = client.get(f"/lapor?jenis=komunitas&id={community.id}")
    assert page.status_code == 200 and "Rumah Baca Senja" in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]

    response = send_report(client, "komunitas", community.id)
    assert response.status_code == 303
    sent = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Laporan terkirim" in sent and "Rumah Baca Senja" in sent
    reporter_id = reporter.id
    assert reports(app) == [("komunitas", community.id, reporter_id, "tidak-dijual", REASON, True)]

    again = client.get(f"/lapor?jenis=komunitas&id={community.id}").get_data(as_text=True)
    assert "Anda sudah melaporkan ini" in again
    send_report(client, "komunitas", community.id)
    assert len(reports(app)) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": REASON}, "Pilih satu aturan."),
        ({"rule": "bohong", "reason": REASON}, "Pilih satu aturan."),
        ({"rule": "jujur", "reason": ""}, "Tulis singkat apa yang melanggar aturan."),
        ({"rule": "jujur", "reason": "jelek"}, "Tulis 10 sampai 500 karakter."),
        ({"rule": "jujur", "reason": "x" * 501}, "Tulis 10 sampai 500 karakter."),
    ],
)
def test_a_report_needs_a_rule_and_a_short_reason(app, client, auth, community, reporter, data, message):
    auth.login("pelapor@contoh.id")
    response = client.post(f"/lapor?jenis=komunitas&id={community.id}", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert reports(app) == []


@pytest.mark.parametrize(
    "query",
    ["jenis=komunitas&id=999", "jenis=rahasia&id=1", "jenis=komunitas", "jenis=komunitas&id=abc",
     "jenis=komunitas&id=9223372036854775808", "jenis=komunitas&id=-1", "jenis=komunitas%0d%0a&id=1"],
)
def test_unknown_items_are_not_found(client, auth, community, reporter, query):
    auth.login("pelapor@contoh.id")
    assert client.get(f"/lapor?{query}").status_code == 404
    assert client.post(f"/lapor?{query}", data={"rule": "jujur", "reason": REASON}).status_code == 404


def test_programs_campaigns_lessons_courses_and_accounts_can_be_reported(app, client, auth, community, reporter):
    from webapp.models import Campaign, Program

    course_id, lesson_id = make_lesson(app)
    with app.app_context():
        program = Program(community_id=community.id, title="Kelas mendongeng", regency_code="32.73")
        campaign = Campaign(community_id=community.id, title="Donasi buku")
        db.session.add_all([program, campaign])
        db.session.commit()
        items = {"program": program.id, "kampanye": campaign.id, "kursus": course_id, "pelajaran": lesson_id}
    profile = client.get("/komunitas/rumah-baca-senja").get_data(as_text=True)
    assert f"jenis=program&amp;id={items['program']}" in profile
    assert f"jenis=kampanye&amp;id={items['kampanye']}" in profile
    assert f"jenis=pelajaran&amp;id={items['pelajaran']}" in client.get("/belajar/kemitraan/mulai").get_data(as_text=True)
    assert f"jenis=kursus&amp;id={items['kursus']}" in client.get("/belajar/kemitraan").get_data(as_text=True)

    auth.login("pelapor@contoh.id")
    for kind, item_id in items.items():
        assert send_report(client, kind, item_id).status_code == 303
    assert send_report(client, "akun", reporter.id).status_code == 409  # not oneself
    with app.app_context():
        rina = db.session.scalar(sa.select(Community).where(Community.id == community.id)).coordinators[0]
        rina_id = rina.id
    assert send_report(client, "akun", rina_id).status_code == 303
    assert [row[:2] for row in reports(app)] == [*items.items(), ("akun", rina_id)]


def test_an_unpublished_lesson_cannot_be_reported(app, client, auth, reporter):
    _course_id, lesson_id = make_lesson(app, published=False)
    auth.login("pelapor@contoh.id")
    assert client.get(f"/lapor?jenis=pelajaran&id={lesson_id}").status_code == 404


def test_reports_are_limited_per_day(app, client, auth, make_community, reporter):
    auth.login("pelapor@contoh.id")
    ids = [make_community(f"Komunitas {n}", slug=f"komunitas-{n}").id for n in range(11)]
    answers = [send_report(client, "komunitas", item_id).status_code for item_id in ids]
    assert answers == [303] * 10 + [429]


# --- Deciding -------------------------------------------------------------------------------------


@pytest.fixture
def admin(make_user):
    return make_user(ADMIN, name="Ayu Admin", role=Role.ADMIN)


def signed_in(app, email):
    """A browser of its own, signed in as `email`."""
    browser = app.test_client()
    response = browser.post("/akun/masuk", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 303, response.status_code
    return browser


def notices(app, email):
    """The kinds and parameters of the notifications `email` has received, oldest first."""
    from webapp.models import User
    from webapp.notifications.models import Notification

    with app.app_context():
        return [(n.kind, n.params) for n in db.session.scalars(
            sa.select(Notification).join(User, User.id == Notification.user_id)
            .where(User.email == email).order_by(Notification.id)
        )]


def case_id(app, kind, item_id):
    from webapp.moderation.models import ModerationCase

    with app.app_context():
        return db.session.scalar(sa.select(ModerationCase.id).where(
            ModerationCase.item_kind == kind, ModerationCase.item_id == item_id))


def test_a_reported_profile_hidden_by_an_admin_leaves_the_directory_the_profile_and_caches(
    app, client, community, reporter, admin
):
    """Issue 12's "done when": report, hide, and the profile is gone everywhere; the reporter
    and the coordinators are told."""
    cached = client.get("/komunitas/rumah-baca-senja")
    assert cached.status_code == 200 and "public" in cached.headers["Cache-Control"]
    etag = cached.headers["ETag"]
    assert client.get("/komunitas/rumah-baca-senja", headers={"If-None-Match": etag}).status_code == 304
    assert "Rumah Baca Senja" in client.get("/komunitas").get_data(as_text=True)
    assert "Rumah Baca Senja" in client.get("/komunitas?q=senja").get_data(as_text=True)

    dewi = signed_in(app, "pelapor@contoh.id")
    assert send_report(dewi, "komunitas", community.id).status_code == 303

    ayu = signed_in(app, ADMIN)
    queue = ayu.get("/moderasi").get_data(as_text=True)
    assert "Rumah Baca Senja" in queue and REASON in queue and "Dewi Pelapor" in queue
    number = case_id(app, "komunitas", community.id)
    response = ayu.post(f"/moderasi/{number}/sembunyikan", data={"message": WHY})
    assert response.status_code == 303 and response.headers["Location"] == "/moderasi"

    listing = client.get("/komunitas").get_data(as_text=True)
    assert "Rumah Baca Senja" not in listing
    searched = client.get("/komunitas?q=senja")
    assert "Rumah Baca Senja" not in searched.get_data(as_text=True)
    assert "Rumah Baca Senja" not in client.get("/komunitas?q=senja", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert client.get("/komunitas/rumah-baca-senja").status_code == 404
    revalidated = client.get("/komunitas/rumah-baca-senja", headers={"If-None-Match": etag})
    assert revalidated.status_code == 404 and "Rumah Baca Senja" not in revalidated.get_data(as_text=True)
    assert "public" not in revalidated.headers.get("Cache-Control", "")  # nothing a cache may keep
    assert dewi.get("/komunitas/rumah-baca-senja/kontak").status_code == 404

    assert notices(app, "pelapor@contoh.id") == [("report_upheld", {"title": "Rumah Baca Senja"})]
    assert notices(app, COORDINATOR) == [("moderation_hidden", {"title": "Rumah Baca Senja", "reason": WHY})]
    assert audit_actions(app)[-1] == "moderation.hidden"
    log = ayu.get("/admin/audit").get_data(as_text=True)
    assert "menyembunyikan “Rumah Baca Senja” karena melanggar aturan jejaring" in log
    assert "Tidak ada laporan yang menunggu" in ayu.get("/moderasi").get_data(as_text=True)


def test_the_coordinators_are_told_why_and_answer_and_a_restore_brings_the_profile_back(
    app, client, community, reporter, admin
):
    dewi = signed_in(app, "pelapor@contoh.id")
    send_report(dewi, "komunitas", community.id)
    number = case_id(app, "komunitas", community.id)
    ayu = signed_in(app, ADMIN)
    ayu.post(f"/moderasi/{number}/sembunyikan", data={"message": WHY})

    rina = signed_in(app, COORDINATOR)
    assert "Moderator menyembunyikan profil ini" in rina.get("/kelola/rumah-baca-senja").get_data(as_text=True)
    page = rina.get(f"/moderasi/{number}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and WHY in text and "Jejaring tidak untuk dijual" in text
    assert "Dewi Pelapor" not in text and REASON not in text  # the reporter stays unnamed
    assert "no-store" in page.headers["Cache-Control"]
    reply = "Maaf, itu kesalahan relawan baru kami. Sudah kami hapus dari profil."
    assert rina.post(f"/moderasi/{number}/jawab", data={"message": reply}).status_code == 303
    assert notices(app, ADMIN) == [("moderation_answered", {"person": "Rina Koordinator", "title": "Rumah Baca Senja"})]
    assert reply in ayu.get(f"/moderasi/{number}").get_data(as_text=True)

    # Someone else learns nothing, not even that there is a case.
    assert dewi.get(f"/moderasi/{number}").status_code == 404
    assert dewi.post(f"/moderasi/{number}/jawab", data={"message": reply}).status_code == 404

    assert ayu.post(f"/moderasi/{number}/pulihkan", data={"message": ""}).status_code == 303
    assert client.get("/komunitas/rumah-baca-senja").status_code == 200
    assert "Rumah Baca Senja" in client.get("/komunitas?q=senja").get_data(as_text=True)
    assert notices(app, COORDINATOR)[-1] == ("moderation_restored", {"title": "Rumah Baca Senja", "reason": "-"})
    assert audit_actions(app)[-3:] == ["moderation.hidden", "moderation.answered", "moderation.restored"]


@pytest.mark.parametrize("word, kind, outcome", [
    ("peringatkan", "moderation_warned", "report_upheld"),
    ("minta-perbaikan", "moderation_changes_requested", "report_upheld"),
])
def test_warning_or_asking_for_changes_keeps_the_profile_and_tells_everyone(
    app, client, community, reporter, admin, word, kind, outcome
):
    send_report(signed_in(app, "pelapor@contoh.id"), "komunitas", community.id)
    number = case_id(app, "komunitas", community.id)
    assert signed_in(app, ADMIN).post(f"/moderasi/{number}/{word}", data={"message": WHY}).status_code == 303
    assert client.get("/komunitas/rumah-baca-senja").status_code == 200
    assert notices(app, COORDINATOR) == [(kind, {"title": "Rumah Baca Senja", "reason": WHY})]
    assert [k for k, _ in notices(app, "pelapor@contoh.id")] == [outcome]


def test_dismissing_closes_the_reports_and_tells_only_the_reporter(app, client, community, reporter, admin):
    dewi = signed_in(app, "pelapor@contoh.id")
    send_report(dewi, "komunitas", community.id)
    number = case_id(app, "komunitas", community.id)
    assert signed_in(app, ADMIN).post(f"/moderasi/{number}/abaikan", data={"message": ""}).status_code == 303
    assert client.get("/komunitas/rumah-baca-senja").status_code == 200
    assert notices(app, "pelapor@contoh.id") == [("report_dismissed", {"title": "Rumah Baca Senja"})]
    assert notices(app, COORDINATOR) == []
    assert [row[-1] for row in reports(app)] == [False]
    assert send_report(dewi, "komunitas", community.id).status_code == 303  # closed: may report again


def test_hiding_needs_a_reason(app, community, reporter, admin):
    send_report(signed_in(app, "pelapor@contoh.id"), "komunitas", community.id)
    number = case_id(app, "komunitas", community.id)
    response = signed_in(app, ADMIN).post(f"/moderasi/{number}/sembunyikan", data={"message": "  "})
    assert response.status_code == 422 and "Tulis alasannya" in response.get_data(as_text=True)
    assert audit_actions(app) == []


def test_a_suspended_account_is_signed_out_everywhere_and_cannot_sign_in(app, community, reporter, admin):
    from webapp.models import User

    with app.app_context():
        rina_id = db.session.scalar(sa.select(User.id).where(User.email == COORDINATOR))
    rina = signed_in(app, COORDINATOR)
    assert rina.get("/akun").status_code == 200
    send_report(signed_in(app, "pelapor@contoh.id"), "akun", rina_id)
    number = case_id(app, "akun", rina_id)
    ayu = signed_in(app, ADMIN)
    assert "Tangguhkan akun" in ayu.get("/moderasi").get_data(as_text=True)
    assert ayu.post(f"/moderasi/{number}/tangguhkan", data={"message": WHY}).status_code == 303

    assert rina.get("/akun").status_code == 302  # the open session ended
    again = app.test_client().post("/akun/masuk", data={"email": COORDINATOR, "password": DEFAULT_PASSWORD})
    assert again.status_code == 403 and "ditangguhkan" in again.get_data(as_text=True)
    assert notices(app, COORDINATOR)[-1] == ("moderation_suspended", {"title": "Rina Koordinator", "reason": WHY})
    assert "menangguhkan akun <strong>Rina Koordinator</strong>" in ayu.get("/admin/audit").get_data(as_text=True)

    assert ayu.post(f"/moderasi/{number}/pulihkan", data={"message": "Sudah dijelaskan."}).status_code == 303
    signed_in(app, COORDINATOR)
    assert audit_actions(app)[-1] == "moderation.reinstated"


def test_a_decision_that_does_not_fit_is_refused(app, community, reporter, admin):
    send_report(signed_in(app, "pelapor@contoh.id"), "komunitas", community.id)
    number = case_id(app, "komunitas", community.id)
    ayu = signed_in(app, ADMIN)
    assert ayu.post(f"/moderasi/{number}/tangguhkan", data={"message": WHY}).status_code == 303  # not an account
    assert ayu.post(f"/moderasi/{number}/pulihkan", data={"message": WHY}).status_code == 303  # not hidden
    assert audit_actions(app) == []
    assert ayu.post(f"/moderasi/{number}/hapus", data={"message": WHY}).status_code == 404
    assert ayu.post("/moderasi/2147483648/abaikan").status_code == 404


def test_facilitators_moderate_lessons_and_courses_only_and_members_nothing(app, community, reporter, make_user):
    make_user("fasil@contoh.id", name="Fajar Fasilitator", role=Role.FACILITATOR)
    _course_id, lesson_id = make_lesson(app)
    dewi = signed_in(app, "pelapor@contoh.id")
    send_report(dewi, "komunitas", community.id)
    send_report(dewi, "pelajaran", lesson_id)
    assert dewi.get("/moderasi").status_code == 403

    fajar = signed_in(app, "fasil@contoh.id")
    queue = fajar.get("/moderasi").get_data(as_text=True)
    assert "Memulai" in queue and "Rumah Baca Senja" not in queue
    community_case = case_id(app, "komunitas", community.id)
    assert fajar.post(f"/moderasi/{community_case}/sembunyikan", data={"message": WHY}).status_code == 403
    assert fajar.get(f"/moderasi/{community_case}").status_code == 404

    lesson_case = case_id(app, "pelajaran", lesson_id)
    assert app.test_client().get("/belajar/kemitraan/mulai").status_code == 200
    assert fajar.post(f"/moderasi/{lesson_case}/sembunyikan", data={"message": WHY}).status_code == 303
    assert app.test_client().get("/belajar/kemitraan/mulai").status_code == 404


def test_a_hidden_program_leaves_the_profile_and_the_registry(app, client, community, reporter, admin):
    from webapp.models import Program

    with app.app_context():
        program = Program(community_id=community.id, title="Kelas mendongeng keliling", regency_code="32.73")
        db.session.add(program)
        db.session.commit()
        program_id = program.id
    assert "Kelas mendongeng keliling" in client.get("/program/32/daftar").get_data(as_text=True)
    send_report(signed_in(app, "pelapor@contoh.id"), "program", program_id)
    number = case_id(app, "program", program_id)
    signed_in(app, ADMIN).post(f"/moderasi/{number}/sembunyikan", data={"message": WHY})
    profile = client.get("/komunitas/rumah-baca-senja")
    assert profile.status_code == 200 and "Kelas mendongeng keliling" not in profile.get_data(as_text=True)
    assert "Kelas mendongeng keliling" not in client.get("/program/32/daftar").get_data(as_text=True)
    assert notices(app, COORDINATOR) == [("moderation_hidden", {"title": "Kelas mendongeng keliling", "reason": WHY})]


def test_a_report_joins_the_case_another_report_opened_a_moment_before(app, community, reporter, make_user, monkeypatch):
    """Two first reports at once: the second one's look for the case came before the first
    one's commit made it; its own new case clashes, and it joins the one that is there."""
    from webapp.models import User
    from webapp.moderation import services
    from webapp.moderation.models import ModerationCase

    second_id = make_user("kedua@contoh.id", name="Pelapor Kedua").id
    with app.test_request_context():
        services.file_report(db.session.get(User, reporter.id), "komunitas", community.id, "jujur", REASON)
        real_case_for = services.case_for
        stale = iter([True])

        def looked_too_early(kind, item_id):
            if next(stale, False):
                return ModerationCase(item_kind=kind, item_id=item_id)
            return real_case_for(kind, item_id)

        monkeypatch.setattr(services, "case_for", looked_too_early)
        services.file_report(db.session.get(User, second_id), "komunitas", community.id, "jujur", REASON)
    assert [row[:3] for row in reports(app)] == [("komunitas", community.id, reporter.id),
                                                  ("komunitas", community.id, second_id)]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ModerationCase.id))) == 1


def test_a_report_link_with_an_account_id_does_not_tell_the_accounts_name(app, client, auth, community, reporter, admin):
    from webapp.models import User

    with app.app_context():
        rina_id = db.session.scalar(sa.select(User.id).where(User.email == COORDINATOR))
    auth.login("pelapor@contoh.id")
    assert "Rina" not in client.get(f"/lapor?jenis=akun&id={rina_id}").get_data(as_text=True)
    sent = client.get(send_report(client, "akun", rina_id).headers["Location"]).get_data(as_text=True)
    assert "Laporan terkirim" in sent and "Rina" not in sent
    number = case_id(app, "akun", rina_id)
    assert signed_in(app, ADMIN).post(f"/moderasi/{number}/abaikan").status_code == 303
    assert notices(app, "pelapor@contoh.id") == [("report_dismissed", {"title": "akun"})]


def test_reports_and_decisions_need_a_csrf_token(app, client, auth, community, reporter, admin):
    auth.login("pelapor@contoh.id")
    send_report(client, "komunitas", community.id)
    number = case_id(app, "komunitas", community.id)
    ayu = signed_in(app, ADMIN)
    app.config["WTF_CSRF_ENABLED"] = True
    forged = send_report(client, "komunitas", community.id, rule="jujur")
    assert forged.status_code == 400 and "Formulir kedaluwarsa" in forged.get_data(as_text=True)
    assert ayu.get("/moderasi").status_code == 200  # still signed in
    assert ayu.post(f"/moderasi/{number}/sembunyikan", data={"message": WHY}).status_code == 400
    assert client.get("/komunitas/rumah-baca-senja").status_code == 200
    assert len(reports(app)) == 1 and audit_actions(app) == []
