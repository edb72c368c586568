"""Certificates: codes, issuing once, verification by anyone, tokens, revocation."""

import pytest
import sqlalchemy as sa

from tests.test_quizzes import quiz_course, send, version_of  # noqa: F401  (quiz_course is a fixture)
from webapp import signing
from webapp.certificates import codes
from webapp.extensions import db
from webapp.models import Certificate, Role
from webapp.notifications.models import Notification

API_DONE = "/api/kemajuan"


# ---- Codes ---------------------------------------------------------------------------------


def test_codes_have_no_look_alikes_and_a_check_character():
    code = codes.new_code()
    assert len(code) == 12 and not set(code) & set("01OIL")
    assert codes.parse(codes.grouped(code).lower()) == code
    assert codes.parse(" " + code[:4] + " " + code[4:] + " ") == code


def test_every_single_typo_and_swap_is_caught():
    code = codes.new_code()
    for position in range(12):
        for other in codes.ALPHABET:
            if other != code[position]:
                with pytest.raises(codes.CodeMistyped):
                    codes.parse(code[:position] + other + code[position + 1:])
    for position in range(11):
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
        if swapped != code:
            with pytest.raises(codes.CodeMistyped):
                codes.parse(swapped)


@pytest.mark.parametrize("typed", ["", "ABC", "0" * 12, "A" * 40, "ÄBCD-EFGH-JKMN"])
def test_codes_that_cannot_exist_are_typos(typed):
    with pytest.raises(codes.CodeMistyped):
        codes.parse(typed)


# ---- Earning it -------------------------------------------------------------------------------


def finish_lessons(client, quiz_course):
    for lesson_id in quiz_course["lessons"]:
        response = client.post(API_DONE, json={"lesson": lesson_id, "key": f"selesai-{lesson_id}-abcdef"},
                               headers={"X-Jejaring": "1", "Sec-Fetch-Site": "same-origin"})
        assert response.status_code == 200


def master_final(client, app, quiz_course, key="kunci-percobaan-1"):
    version = version_of(app, quiz_course["final"])
    return send(client, quiz_course["final"], version["number"], version["right"], key=key)


def certificates(app):
    with app.app_context():
        return db.session.scalars(sa.select(Certificate)).all()


def kinds(app):
    with app.app_context():
        return db.session.scalars(sa.select(Notification.kind).order_by(Notification.id)).all()


@pytest.fixture
def holder(client, app, auth, make_user, quiz_course):
    """Relawan Contoh, signed in, who finished the course and holds its certificate."""
    make_user()
    auth.login()
    finish_lessons(client, quiz_course)
    master_final(client, app, quiz_course)
    [certificate] = certificates(app)
    return certificate.code


def test_lessons_and_the_final_quiz_earn_one_certificate(client, app, auth, make_user, quiz_course):
    make_user()
    auth.login()
    answer = master_final(client, app, quiz_course)
    assert answer.json["mastered"] and answer.json["certificate"] is None  # lessons not done yet
    assert certificates(app) == []
    finish_lessons(client, quiz_course)  # the last lesson done issues it
    [certificate] = certificates(app)
    assert certificate.printed_name == "Relawan Contoh"
    again = master_final(client, app, quiz_course, key="kunci-percobaan-2")
    assert again.json["certificate"] == f"/sertifikat/{certificate.code}"
    assert len(certificates(app)) == 1
    assert kinds(app) == ["certificate_issued"]


def test_the_course_page_progress_shows_the_certificate(client, holder):
    progress = client.get("/kemajuan/dasar-kemitraan").get_data(as_text=True)
    assert "2 dari 2 selesai" in progress and f"/sertifikat/{holder}" in progress
    assert "Benar 5 dari 5 terakhir; perlu 3" in progress


def test_the_holders_page_is_printable_with_qr_and_token(client, app, holder):
    response = client.get(f"/sertifikat/{holder}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Relawan Contoh" in html and "Dasar kemitraan" in html and codes.grouped(holder) in html
    assert "<svg" in html and "Cetak / simpan PDF" in html
    token = html.split('<p class="token small">')[1].split("<")[0]
    with app.test_request_context():
        payload = signing.verify(token)
    assert payload["kode"] == holder and payload["nama"] == "Relawan Contoh"


def test_the_holder_chooses_the_printed_name(client, app, holder):
    response = client.post(f"/sertifikat/{holder}", data={"printed_name": "Siti Rahmawati, S.Sos."})
    assert response.status_code == 303
    assert "Siti Rahmawati, S.Sos." in client.get(f"/v/{holder}").get_data(as_text=True)
    assert client.post(f"/sertifikat/{holder}", data={"printed_name": ""}).status_code == 422


def test_another_account_cannot_open_my_certificate_page(client, auth, make_user, holder):
    auth.logout()
    make_user(email="lain@contoh.id", name="Orang Lain")
    auth.login(email="lain@contoh.id")
    assert client.get(f"/sertifikat/{holder}").status_code == 404
    assert client.post(f"/sertifikat/{holder}", data={"printed_name": "Palsu"}).status_code == 404


# ---- Verifying it -------------------------------------------------------------------------------


def test_anyone_verifies_by_code_and_sees_nothing_more(client, auth, holder):
    auth.logout()
    response = client.get(f"/v/{codes.grouped(holder).lower()}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Berlaku" in html and "Relawan Contoh" in html and "Dasar kemitraan" in html
    assert "relawan@contoh.id" not in html


def test_a_typo_is_told_apart_from_an_unknown_code(client, holder):
    typo = holder[:3] + ("2" if holder[3] != "2" else "3") + holder[4:]
    mistyped = client.get(f"/v/{typo}")
    assert mistyped.status_code == 400 and "Kode salah ketik" in mistyped.get_data(as_text=True)
    unknown = codes.new_code()
    missing = client.get(f"/v/{unknown}")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.get_data(as_text=True)
    assert client.get("/v?kode=" + holder).headers["Location"].endswith(f"/v/{holder}")


# ---- Revoking it ----------------------------------------------------------------------------------


def test_admins_revoke_with_a_reason_and_the_holder_is_told(client, app, auth, make_user, holder):
    auth.logout()
    make_user(email="admin@contoh.id", name="Admin", role=Role.ADMIN)
    auth.login(email="admin@contoh.id")
    with app.app_context():
        certificate_id = db.session.scalar(sa.select(Certificate.id))
    assert client.post(f"/admin/sertifikat/{certificate_id}/cabut", data={"reason": ""}).status_code == 422
    response = client.post(f"/admin/sertifikat/{certificate_id}/cabut", data={"reason": "Nama tidak sesuai."})
    assert response.status_code == 303
    html = client.get(f"/v/{holder}").get_data(as_text=True)
    assert "Dicabut pada" in html
    assert kinds(app) == ["certificate_issued", "certificate_revoked"]
    assert list(client.get("/v/dicabut.json").json["dicabut"]) == [holder]


def test_members_cannot_revoke(client, app, holder):
    with app.app_context():
        certificate_id = db.session.scalar(sa.select(Certificate.id))
    assert client.post(f"/admin/sertifikat/{certificate_id}/cabut", data={"reason": "x"}).status_code == 403
    assert client.get("/admin/sertifikat").status_code == 403


def test_a_course_whose_meeting_counts_asks_for_attendance_and_the_check_in_issues_it(
        client, app, auth, make_user, make_community, quiz_course):
    """Lessons done and the final quiz mastered are not enough when a meeting of the course
    counts toward it; the first check-in at such a meeting issues the certificate."""
    from tests.test_meetings import check_in, make_meeting, ticket_of
    from webapp.certificates.services import unmet_requirements
    from webapp.meetings import services as meetings
    from webapp.models import Course, Meeting, User

    organiser = make_user("penyelenggara@contoh.id", name="Rina Penyelenggara")
    community = make_community("Rumah Baca Senja", coordinators=[organiser])
    meeting_id = make_meeting(app, community.id, course_id=quiz_course["course"], counts=True)
    member = make_user()
    auth.login()
    finish_lessons(client, quiz_course)
    master_final(client, app, quiz_course)
    assert certificates(app) == []
    with app.app_context():
        course, person = db.session.get(Course, quiz_course["course"]), db.session.get(User, member.id)
        assert unmet_requirements(person, course) == ["Hadiri salah satu pertemuan kursus ini."]
        meetings.rsvp(person, db.session.get(Meeting, meeting_id))
    _, code = ticket_of(app, meeting_id, member.id)
    auth.logout()
    auth.login("penyelenggara@contoh.id")
    assert check_in(client, meeting_id, code=code).json["first"] is True
    [certificate] = certificates(app)
    assert certificate.user_id == member.id
