"""Picture uploads are limited per account (issue 12, item 10): each one holds a worker for a
decode and several encodes, so one account may send 30 an hour, logos and lesson pictures
together; the 31st is refused with a message in Indonesian, and nobody else is slowed."""

import io

import sqlalchemy as sa

from tests.conftest import COORDINATOR, OTHER_COORDINATOR, picture_bytes
from webapp.extensions import db
from webapp.images import UPLOADS_PER_HOUR
from webapp.models import Community, Course, Lesson, Role, User

LIMITED = "Anda sudah mengunggah 30 gambar dalam satu jam"


def upload_logo(client, slug="rumah-baca-senja", color=(200, 30, 30)):
    data = {"logo": (io.BytesIO(picture_bytes(size=(64, 64), color=color)), "logo.png")}
    return client.post(f"/kelola/{slug}/logo", data=data)


def test_logos_and_lesson_pictures_share_one_hourly_allowance_per_account(
    app, client, auth, community, other_community
):
    with app.app_context():
        rina = db.session.scalar(sa.select(User).where(User.email == COORDINATOR))
        rina.role = Role.FACILITATOR  # she coordinates a community and writes lessons
        course = Course(slug="kemitraan", title="Dasar kemitraan")
        lesson = Lesson(course=course, slug="mulai", title="Memulai")
        db.session.add_all([course, lesson])
        db.session.commit()
        picture_url = f"/kelola-kursus/{course.id}/pelajaran/{lesson.id}/gambar"

    auth.login(COORDINATOR)
    half = UPLOADS_PER_HOUR // 2
    for n in range(half):
        assert upload_logo(client, color=(n, 30, 30)).status_code == 303
    for n in range(UPLOADS_PER_HOUR - half):
        data = {"gambar": (io.BytesIO(picture_bytes(size=(64, 48), color=(30, n, 30))), "foto.png")}
        assert client.post(picture_url, data=data).status_code == 303
    refused = upload_logo(client, color=(1, 2, 3))
    assert refused.status_code == 422 and LIMITED in refused.get_data(as_text=True)
    data = {"gambar": (io.BytesIO(picture_bytes(size=(64, 48), color=(1, 2, 3))), "foto.png")}
    refused = client.post(picture_url, data=data, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and LIMITED in refused.get_data(as_text=True)

    # Another coordinator still uploads.
    auth.logout()
    auth.login(OTHER_COORDINATOR)
    assert upload_logo(client, slug="bank-sampah-hijau").status_code == 303
    with app.app_context():
        logos = db.session.scalars(sa.select(Community.logo_id).order_by(Community.id)).all()
        assert all(logos)
