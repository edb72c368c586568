"""Moderation (issue 12): reports of what breaks the network's rules, the moderators' queue,
and what hiding, warning or suspending does."""

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Community, Role

REASON = "Profil ini menawarkan jual daftar kontak komunitas."


@pytest.fixture
def reporter(make_user):
    return make_user("pelapor@contoh.id", name="Dewi Pelapor")


def reports(app):
    from webapp.moderation.models import Report

    with app.app_context():
        return [(r.case.item_kind, r.case.item_id, r.reporter_id, r.rule, r.reason, r.is_open)
                for r in db.session.scalars(sa.select(Report).order_by(Report.id))]


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
    from webapp.models import Campaign, Course, Lesson, Program

    with app.app_context():
        program = Program(community_id=community.id, title="Kelas mendongeng", regency_code="32.73")
        campaign = Campaign(community_id=community.id, title="Donasi buku")
        course = Course(slug="kemitraan", title="Dasar kemitraan", published=True)
        lesson = Lesson(course=course, slug="mulai", title="Memulai", published=True)
        db.session.add_all([program, campaign, course, lesson])
        db.session.commit()
        items = {"program": program.id, "kampanye": campaign.id, "kursus": course.id, "pelajaran": lesson.id}
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
    from webapp.models import Course, Lesson

    with app.app_context():
        course = Course(slug="draf", title="Draf", published=True)
        lesson = Lesson(course=course, slug="belum", title="Belum terbit", published=False)
        db.session.add_all([course, lesson])
        db.session.commit()
        lesson_id = lesson.id
    auth.login("pelapor@contoh.id")
    assert client.get(f"/lapor?jenis=pelajaran&id={lesson_id}").status_code == 404


def test_reports_are_limited_per_day(app, client, auth, make_community, reporter):
    auth.login("pelapor@contoh.id")
    ids = [make_community(f"Komunitas {n}", slug=f"komunitas-{n}").id for n in range(11)]
    answers = [send_report(client, "komunitas", item_id).status_code for item_id in ids]
    assert answers == [303] * 10 + [429]
