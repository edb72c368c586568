"""Demo meetings and volunteer offers, on top of the demo communities and courses.

Days are relative to the day of loading, so some meetings are always coming and some always
past; one is always full with a waiting line. Times are the place's own clock (WIB, WITA,
WIT). Safe to run again: meetings are matched by title, offers by person and program.
"""

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from webapp.extensions import db
from webapp.meetings.codes import new_code
from webapp.meetings.services import to_utc
from webapp.models import (
    CheckIn,
    Community,
    Course,
    Meeting,
    OfferStatus,
    Program,
    Registration,
    RegistrationStatus,
    User,
    VolunteerOffer,
    utcnow,
)

PEOPLE = ["relawan", "nadia.rahmawati", "iwan.setiawan", "rina.astuti", "luh.ayu", "andi.nurhayati", "yosina.yoku"]

# community slug (None: a network meeting), title, course slug, day, local start hour, hours,
# province, regency, address, online link, capacity, how many register (beyond: waiting line)
MEETINGS = [
    ("lapak-baca-alun-alun", "Kopdar relawan literasi Bandung", "dasar-kemitraan", 9, 9, 3, "32", "32.73",
     "Taman Alun-alun Bandung, dekat perpustakaan keliling", "", 4, 6),
    ("komunitas-anak-lorong-makassar", "Belajar bersama: kesepakatan kemitraan", "kesepakatan-kemitraan", 14, 15, 2,
     "73", "73.71", "Sekretariat Kelas Lorong, Jl. Rappocini Raya", "", 25, 3),
    ("rumah-belajar-pelangi-sentani", "Belajar bersama di tepi Danau Sentani", "dasar-kemitraan", 21, 10, 3, "91",
     "91.03", "Rumah Belajar Pelangi, Kampung Yoboi", "", 15, 2),
    (None, "Temu daring fasilitator: bermitra dengan pemerintah desa",
     "bermitra-dengan-pemerintah-dan-kelompok-informal", 5, 19, 1, "31", None, "", "https://meet.jit.si/jejaring-temu",
     100, 4),
    ("rumah-belajar-banjar-digital", "Kopdar kelas ponsel untuk lansia", None, 30, 16, 2, "51", "51.71",
     "Balai Banjar Tegal, Denpasar", "", 20, 1),
    ("ruang-inklusi-kaliurang", "Kopdar relawan inklusi Yogyakarta", "dasar-kemitraan", -12, 9, 3, "34", "34.04",
     "Pendopo Ruang Inklusi, Kaliurang km 14", "", 20, 5),
    ("sekolah-hutan-kapuas-hulu", "Belajar bersama di Putussibau", "kesepakatan-kemitraan", -30, 13, 3, "61", "61.06",
     "Aula Sekolah Hutan, Putussibau", "", 15, 4),
]

# The one demo course whose certificate also asks for a meeting attended ("belajar bersama").
ATTENDANCE_COURSE = "kesepakatan-kemitraan"

REPORTS = {
    "Kopdar relawan inklusi Yogyakarta": "Empat relawan baru ikut. Kami sepakat mengadakan Sabtu Bermain Bersama dua minggu sekali.",
    "Belajar bersama di Putussibau": "Kami membahas pelajaran kesepakatan kemitraan dan menulis draf kesepakatan dengan sekolah desa.",
}

# person, community slug, program title, what, when, status
OFFERS = [
    ("relawan", "lapak-baca-alun-alun", "Minggu Membaca", "Saya bisa mendongeng dan membantu menata buku.",
     "Minggu pagi, dua kali sebulan", OfferStatus.PENDING),
    ("luh.ayu", "komunitas-anak-lorong-makassar", "Kelas Lorong", "Saya bisa mengajar dasar menggambar untuk anak.",
     "Sabtu sore", OfferStatus.ACCEPTED),
    ("iwan.setiawan", "rumah-baca-sabana-sumba", "Pustaka Kuda", "Saya punya kamera dan bisa mendokumentasikan kegiatan.",
     "Bulan Juli, satu minggu", OfferStatus.PENDING),
    ("rina.astuti", "penjaga-mangrove-teluk-balikpapan", "Tanam dan Pantau", "Saya bisa membantu mencatat data pantauan bibit.",
     "Setiap akhir bulan", OfferStatus.DECLINED),
]


def _people():
    emails = [f"{name}@jejaring.test" for name in PEOPLE]
    found = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(emails)))}
    return [found[e] for e in emails if e in found]


def load_demo_meetings(today=None):
    """Add the demo meetings (with registrations, a waiting line, check-ins and reports) and
    volunteer offers that are missing; returns how many meetings were added."""
    today = today or utcnow().date()
    communities = {c.slug: c for c in db.session.scalars(sa.select(Community))}
    courses = {c.slug: c for c in db.session.scalars(sa.select(Course))}
    known = set(db.session.scalars(sa.select(Meeting.title)))
    people = _people()
    added = 0
    for (slug, title, course, day, hour, hours, province, regency, address, online, capacity,
         coming) in MEETINGS:
        if title in known or (slug and slug not in communities):
            continue
        start = to_utc(datetime.combine(today + timedelta(days=day), time(hour)), province)
        community = communities.get(slug)
        meeting = Meeting(
            community=community, organiser=community.coordinators[0] if community else None, title=title,
            description="Kenalan, berbagi cerita kegiatan, dan belajar bersama. Bawa teman yang ingin jadi relawan.",
            course=courses.get(course), counts_toward_certificate=course == ATTENDANCE_COURSE, starts_at=start,
            ends_at=start + timedelta(hours=hours), province_code=province, regency_code=regency, address=address,
            online_url=online, capacity=capacity, report=REPORTS.get(title, ""),
        )
        db.session.add(meeting)
        db.session.flush()
        for number, person in enumerate(people[:coming]):
            registered = number < capacity
            registration = Registration(
                meeting_id=meeting.id, user_id=person.id, code=new_code(), name_visible=number % 2 == 0,
                status=RegistrationStatus.REGISTERED if registered else RegistrationStatus.WAITING,
                queued_at=start - timedelta(days=20 - number),
            )
            db.session.add(registration)
            meeting.seats_taken += registered
            if day < 0 and registered and number != 1:  # the past ones: most came
                db.session.flush()
                db.session.add(CheckIn(meeting_id=meeting.id, registration_id=registration.id,
                                       idempotency_key=f"demo-{meeting.id}-{registration.id}",
                                       scanned_at=start + timedelta(minutes=5 * number)))
        added += 1
    _add_offers({p.email.split("@")[0]: p for p in people}, communities)
    return added


def _add_offers(people, communities):
    for person, slug, program_title, offer, when, status in OFFERS:
        community = communities.get(slug)
        if person not in people or community is None:
            continue
        program = db.session.scalar(sa.select(Program).where(Program.community_id == community.id,
                                                             Program.title == program_title))
        user = people[person]
        if program is None or db.session.scalar(sa.select(VolunteerOffer.id).where(
                VolunteerOffer.user_id == user.id, VolunteerOffer.program_id == program.id)):
            continue
        answered = status != OfferStatus.PENDING
        db.session.add(VolunteerOffer(
            program=program, user=user, offer=offer, availability=when, status=status,
            answered_at=utcnow() if answered else None,
            answered_by=community.coordinators[0] if answered else None,
        ))
