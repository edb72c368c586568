"""What meetings and volunteering keep about a person, for Data saya: their registrations and
check-ins, their calendar feed, meetings they organised, and their volunteer offers."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from webapp.extensions import db
from webapp.meetings import services
from webapp.models import (
    CalendarFeed,
    CheckIn,
    Meeting,
    Program,
    Registration,
    RegistrationStatus,
    VolunteerOffer,
    utcnow,
)
from webapp.privacy import PersonalData, register, unlink


def _meetings(user):
    rows = []
    registrations = db.session.execute(
        sa.select(Registration, Meeting.title).join(Meeting, Meeting.id == Registration.meeting_id)
        .where(Registration.user_id == user.id).order_by(Registration.id)
    )
    for registration, title in registrations:
        checked_in = db.session.scalar(
            sa.select(sa.func.min(CheckIn.scanned_at)).where(CheckIn.registration_id == registration.id))
        rows.append({"meeting": title, "role": "participant", "status": str(registration.status),
                     "ticket": registration.code, "name_visible": registration.name_visible,
                     "checked_in_at": checked_in, "at": registration.created_at})
    for meeting in db.session.scalars(sa.select(Meeting).where(Meeting.organiser_id == user.id)):
        rows.append({"meeting": meeting.title, "role": "organiser", "status": "", "ticket": "",
                     "name_visible": None, "checked_in_at": None, "at": meeting.created_at})
    if db.session.get(CalendarFeed, user.id) is not None:
        rows.append({"meeting": "", "role": "calendar feed", "status": "", "ticket": "", "name_visible": None,
                     "checked_in_at": None, "at": None})
    return rows


def _erase_meetings(erasure):
    """Registrations, tickets and the calendar feed are the person's and go; a place they held
    passes to the first in line; their check-ins stay in the meeting's count without a name;
    a meeting they organised stays with its community."""
    registrations = db.session.scalars(sa.select(Registration).where(Registration.user_id == erasure.user_id)).all()
    now = utcnow()
    for registration in registrations:
        db.session.execute(
            sa.update(CheckIn).where(CheckIn.registration_id == registration.id)
            .values(registration_id=None, walk_in_name=erasure.pseudonym)
        )
        if registration.status == RegistrationStatus.REGISTERED and registration.meeting.starts_at > now:
            registration.status = RegistrationStatus.CANCELLED
            db.session.flush()
            services.pass_place_on(registration.meeting, now)
    db.session.execute(sa.delete(Registration).where(Registration.user_id == erasure.user_id))
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == erasure.user_id))
    unlink(erasure, Meeting.organiser_id, Meeting.updated_by_id, CheckIn.recorded_by_id)


def _offers(user):
    rows = db.session.execute(
        sa.select(VolunteerOffer, Program.title).join(Program, Program.id == VolunteerOffer.program_id)
        .where(VolunteerOffer.user_id == user.id).order_by(VolunteerOffer.id)
    )
    return [{"program": title, "offer": offer.offer, "availability": offer.availability, "status": str(offer.status),
             "at": offer.created_at, "answered_at": offer.answered_at} for offer, title in rows]


def _erase_offers(erasure):
    db.session.execute(sa.delete(VolunteerOffer).where(VolunteerOffer.user_id == erasure.user_id))
    unlink(erasure, VolunteerOffer.answered_by_id)


register(PersonalData(
    name="meetings",
    title=_l("Pertemuan"),
    fields={"meeting": _l("Pertemuan"), "role": _l("Sebagai"), "status": _l("Status"), "ticket": _l("Tiket"),
            "name_visible": _l("Nama terlihat oleh peserta lain"), "checked_in_at": _l("Check-in"),
            "at": _l("Waktu")},
    tables=("meeting", "registration", "check_in", "calendar_feed"),
    export=_meetings,
    erase=_erase_meetings,
    note=_l("Pertemuan yang Anda selenggarakan tetap ada bersama komunitasnya; kehadiran Anda tetap terhitung "
            "tanpa nama setelah akun Anda dihapus."),
    order=70,
))

register(PersonalData(
    name="volunteer_offers",
    title=_l("Tawaran membantu"),
    fields={"program": _l("Program"), "offer": _l("Tawaran"), "availability": _l("Waktu luang"),
            "status": _l("Status"), "at": _l("Dikirim"), "answered_at": _l("Dijawab")},
    tables=("volunteer_offer",),
    export=_offers,
    erase=_erase_offers,
    order=71,
))
