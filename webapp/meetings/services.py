"""Meetings in person: organising, finding, RSVP with a waiting line, reminders, check-in, attendance.

Capacity holds under any number of simultaneous "Saya ikut": a place is taken by one guarded
UPDATE (`seats_taken < capacity`), which the database runs one at a time per row on SQLite and
PostgreSQL alike; whoever finds no place left joins the waiting line. A freed place is never
given back to the pool while someone waits: it passes straight to the first in line, who is
told and has until `offer_expires_at` to confirm.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from webapp.extensions import db
from webapp.jobs import crontab, job, periodic_job
from webapp.meetings.codes import new_code
from webapp.models import (
    CalendarFeed,
    CheckIn,
    Community,
    Meeting,
    Registration,
    RegistrationStatus,
    community_category,
    record_audit,
    utcnow,
)
from webapp.notifications import notify
from webapp.offline import scoped_key
from webapp.regions import time_zone
from webapp.templating import when
from webapp.versioning import Conflict, StaleEdit, claim_status, claim_version

REMIND_BEFORE = timedelta(days=2)
# A promoted person's time to confirm: a quarter of the time left, between one hour and two days.
OFFER_SHORTEST = timedelta(hours=1)
OFFER_LONGEST = timedelta(days=2)
# A scan made offline says when it was made; believed within this window (as lesson marks).
SCAN_WINDOW = timedelta(days=30)
LIST_LIMIT = 100


class MeetingClosed(Exception):
    """Registration is not possible: the meeting started, or its registration closed."""


class NotRegistered(Exception):
    """There is no place (or waiting place) of this person to cancel or confirm."""


class TicketRefused(Exception):
    """A scanned or typed ticket that is not for this meeting, or not a ticket at all."""


@dataclass
class MeetingDetails:
    """A meeting as the form gives it: times are the place's local clock (naive)."""

    title: str
    description: str
    course_id: int | None
    counts_toward_certificate: bool
    starts_at: datetime
    ends_at: datetime
    province_code: str
    regency_code: str | None
    district_code: str | None
    address: str
    latitude: float | None
    longitude: float | None
    online_url: str
    capacity: int
    registration_closes_at: datetime | None


# Changes registrants are told about, and that calendars must pick up.
TOLD_FIELDS = ("starts_at", "ends_at", "address", "regency_code", "district_code", "online_url")


def zone_of(meeting_or_code):
    code = meeting_or_code if isinstance(meeting_or_code, str) else meeting_or_code.province_code
    return ZoneInfo(time_zone(code)[0])


def to_utc(local, province_code):
    """A naive local time at a place (as typed) as the naive UTC stored."""
    if local is None:
        return None
    aware = local.replace(tzinfo=zone_of(province_code))
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def to_local(moment, province_code):
    """A stored naive UTC time as the place's clock shows it (naive), for the form."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc).astimezone(zone_of(province_code)).replace(tzinfo=None)


def details_of(meeting):
    """The form's values of a saved meeting (the place's local clock)."""
    return MeetingDetails(
        title=meeting.title, description=meeting.description, course_id=meeting.course_id,
        counts_toward_certificate=meeting.counts_toward_certificate,
        starts_at=to_local(meeting.starts_at, meeting.province_code),
        ends_at=to_local(meeting.ends_at, meeting.province_code),
        province_code=meeting.province_code, regency_code=meeting.regency_code,
        district_code=meeting.district_code, address=meeting.address, latitude=meeting.latitude,
        longitude=meeting.longitude, online_url=meeting.online_url, capacity=meeting.capacity,
        registration_closes_at=to_local(meeting.registration_closes_at, meeting.province_code),
    )


def _apply(meeting, details):
    for name in ("title", "description", "course_id", "counts_toward_certificate", "province_code",
                 "regency_code", "district_code", "address", "latitude", "longitude", "online_url", "capacity"):
        setattr(meeting, name, getattr(details, name))
    meeting.starts_at = to_utc(details.starts_at, details.province_code)
    meeting.ends_at = to_utc(details.ends_at, details.province_code)
    meeting.registration_closes_at = to_utc(details.registration_closes_at, details.province_code)


# ---- Who organises ----------------------------------------------------------------------


def may_organise(user, community=None):
    """Coordinators for their community; facilitators (and admins) for the network."""
    if not user.is_authenticated:
        return False
    return user.coordinates(community) if community is not None else user.is_facilitator


def may_manage(user, meeting):
    """A community's meeting is its coordinators'; a network meeting is the facilitators'."""
    return may_organise(user, meeting.community)


# ---- Organising -------------------------------------------------------------------------


def create_meeting(organiser, community, details):
    meeting = Meeting(community=community, organiser=organiser, updated_by=organiser)
    _apply(meeting, details)
    db.session.add(meeting)
    db.session.flush()
    record_audit("meeting.created", actor=organiser, community=community, meeting_id=meeting.id)
    db.session.commit()
    schedule_reminder(meeting)
    return meeting


def change_meeting(meeting, editor, details, expected_version):
    """Save a change; raises StaleEdit when someone saved since the form was loaded.

    A change of time or place tells every registrant (waiting ones too) and queues a new
    reminder; the one queued before sees the old version and stays silent.
    """
    before = {name: getattr(meeting, name) for name in TOLD_FIELDS}
    saved_by, saved_at = meeting.updated_by, meeting.updated_at
    if not claim_version(meeting, expected_version):
        db.session.rollback()
        db.session.refresh(meeting)
        raise StaleEdit(Conflict(saved_by=meeting.updated_by or saved_by, saved_at=meeting.updated_at or saved_at))
    db.session.refresh(meeting)
    _apply(meeting, details)
    meeting.updated_by = editor
    meeting.updated_at = utcnow()
    changed = [name for name in TOLD_FIELDS if getattr(meeting, name) != before[name]]
    record_audit("meeting.changed", actor=editor, community=meeting.community, meeting_id=meeting.id,
                 fields=changed)
    if changed:
        for registration in _registrations(meeting, RegistrationStatus.REGISTERED, RegistrationStatus.WAITING):
            notify(registration.user, "meeting_changed", link=url_for("meetings.mine", meeting_id=meeting.id),
                   meeting=meeting.title, when=when_text(meeting), place=place_text(meeting))
    db.session.flush()
    _fill_from_waiting_line(meeting)  # a raised capacity has places for those waiting
    db.session.commit()
    schedule_reminder(meeting)


def write_report(meeting, editor, report):
    meeting.report = report
    record_audit("meeting.reported", actor=editor, community=meeting.community, meeting_id=meeting.id)
    db.session.commit()


def when_text(meeting):
    """The start as the place reads it, for notifications (stored as text: no zone at reading time)."""
    return when(meeting.starts_at, meeting.province_code)


def place_text(meeting):
    parts = [meeting.address]
    if meeting.regency is not None:
        parts.append(meeting.regency.name)
    if meeting.online_url:
        parts.append(meeting.online_url)
    return ", ".join(p for p in parts if p)


# ---- Finding ----------------------------------------------------------------------------


def find_meeting(meeting_id):
    return db.session.get(Meeting, meeting_id)


def upcoming_meetings(province=None, regency=None, category=None, community=None, course=None, now=None):
    """Meetings not yet over, soonest first, filtered by place, focus (the community's), community or course."""
    now = now or utcnow()
    query = sa.select(Meeting).where(Meeting.ends_at > now)
    if province is not None:
        query = query.where(Meeting.province_code == province.code)
    if regency is not None:
        query = query.where(Meeting.regency_code == regency.code)
    if category is not None:
        query = query.where(
            Meeting.community_id.in_(
                sa.select(community_category.c.community_id).where(community_category.c.category_id == category.id)
            )
        )
    if community is not None:
        query = query.where(Meeting.community_id == community.id)
    if course is not None:
        query = query.where(Meeting.course_id == course.id)
    # A card names its community and its place (from regions.place_names); nothing else is read.
    return db.session.scalars(
        query.options(joinedload(Meeting.community).load_only(Community.name))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(LIST_LIMIT)
    ).all()


def registration_of(user, meeting):
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(Registration).where(Registration.meeting_id == meeting.id, Registration.user_id == user.id)
    )


def waiting_position(registration):
    """1 for the first in the waiting line, ...; None when not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return 1 + db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.meeting_id == registration.meeting_id,
            Registration.status == RegistrationStatus.WAITING,
            sa.or_(
                Registration.queued_at < registration.queued_at,
                sa.and_(Registration.queued_at == registration.queued_at, Registration.id < registration.id),
            ),
        )
    )


def _registrations(meeting, *statuses):
    return db.session.scalars(
        sa.select(Registration)
        .where(Registration.meeting_id == meeting.id, Registration.status.in_(statuses))
        .options(selectinload(Registration.user))
        .order_by(Registration.queued_at, Registration.id)
    ).all()


def participants(meeting):
    """Everyone registered, in the order they came: the organisers' list."""
    return _registrations(meeting, RegistrationStatus.REGISTERED)


def waiting_line(meeting):
    return _registrations(meeting, RegistrationStatus.WAITING)


def visible_names(meeting):
    """Names other participants may see: of those who said so."""
    return [r.user.name for r in participants(meeting) if r.name_visible]


def my_registrations(user):
    """A person's registrations that are not cancelled, soonest meeting first."""
    return db.session.scalars(
        sa.select(Registration)
        .join(Registration.meeting)
        .where(Registration.user_id == user.id, Registration.status != RegistrationStatus.CANCELLED)
        .options(selectinload(Registration.meeting))
        .order_by(Meeting.starts_at.desc(), Registration.id)
    ).all()


# ---- RSVP -------------------------------------------------------------------------------


def registration_open(meeting, now=None):
    now = now or utcnow()
    closes = meeting.registration_closes_at or meeting.starts_at
    return now < closes and now < meeting.starts_at


def _take_place(meeting):
    """Take one place if one is left: True when this caller got it. One guarded UPDATE."""
    result = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.seats_taken < Meeting.capacity)
        .values(seats_taken=Meeting.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def rsvp(user, meeting, now=None):
    """"Saya ikut": a place if one is left, else a place in the waiting line. Returns the
    Registration; saying it twice changes nothing. Raises MeetingClosed."""
    now = now or utcnow()
    if not registration_open(meeting, now):
        raise MeetingClosed()
    existing = registration_of(user, meeting)
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing
    status = RegistrationStatus.REGISTERED if _take_place(meeting) else RegistrationStatus.WAITING
    registration = existing or Registration(meeting_id=meeting.id, user_id=user.id, code=_unused_code())
    registration.status = status
    registration.queued_at = registration.updated_at = now
    registration.offer_expires_at = None
    db.session.add(registration)
    try:
        db.session.commit()
    except IntegrityError:  # the same person, at the same moment, in another tab
        db.session.rollback()
        return registration_of(user, meeting)
    db.session.refresh(meeting)
    return registration


def _unused_code():
    while True:
        code = new_code()
        if db.session.scalar(sa.select(Registration.id).where(Registration.code == code)) is None:
            return code


def cancel(registration, now=None):
    """"Batal": give up a place (it passes to the first in line) or a waiting place."""
    was = registration.status
    if not claim_status(registration, [RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
                        status=RegistrationStatus.CANCELLED, offer_expires_at=None, updated_at=now or utcnow()):
        raise NotRegistered()
    if was == RegistrationStatus.REGISTERED:
        pass_place_on(registration.meeting, now)
    db.session.commit()
    db.session.refresh(registration)


def pass_place_on(meeting, now=None):
    """A place was freed: the first in the waiting line gets it (and is told), else it returns
    to the pool."""
    if _promote_first(meeting, now) is None:
        _release_place(meeting)


def _promote_first(meeting, now=None):
    """Give a place already taken for them to the first in line; None when nobody waits. The
    guarded UPDATE makes two freed places go to two different people."""
    now = now or utcnow()
    for waiting in waiting_line(meeting):
        promoted = db.session.execute(
            sa.update(Registration)
            .where(Registration.id == waiting.id, Registration.status == RegistrationStatus.WAITING)
            .values(status=RegistrationStatus.REGISTERED, offer_expires_at=offer_deadline(meeting, now), updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if promoted.rowcount == 1:
            db.session.refresh(waiting)
            notify(waiting.user, "meeting_place_offered", link=url_for("meetings.mine", meeting_id=meeting.id),
                   meeting=meeting.title, until=when(waiting.offer_expires_at, meeting.province_code))
            return waiting
    return None


def _release_place(meeting):
    db.session.execute(
        sa.update(Meeting).where(Meeting.id == meeting.id, Meeting.seats_taken > 0)
        .values(seats_taken=Meeting.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def _fill_from_waiting_line(meeting):
    """Places left while people wait (the capacity was raised): they go to the line, in order."""
    while waiting_line(meeting) and _take_place(meeting):
        if _promote_first(meeting) is None:
            _release_place(meeting)
            break


def offer_deadline(meeting, now):
    """How long a promoted person has to confirm: shorter as the meeting nears."""
    hold = (meeting.starts_at - now) / 4
    return now + min(OFFER_LONGEST, max(OFFER_SHORTEST, hold))


def confirm_place(registration):
    """The promoted person says they still come: the place is theirs without a deadline."""
    if registration.status != RegistrationStatus.REGISTERED or registration.offer_expires_at is None:
        raise NotRegistered()
    registration.offer_expires_at = None
    registration.updated_at = utcnow()
    db.session.commit()


def show_name(registration, visible):
    registration.name_visible = visible
    db.session.commit()


def release_lapsed_offers(now=None):
    """Places offered and not confirmed in time pass to the next in line. Returns how many."""
    now = now or utcnow()
    lapsed = db.session.scalars(
        sa.select(Registration).where(
            Registration.status == RegistrationStatus.REGISTERED,
            Registration.offer_expires_at.is_not(None),
            Registration.offer_expires_at < now,
        )
    ).all()
    count = 0
    for registration in lapsed:
        try:
            cancel(registration, now)
            count += 1
        except NotRegistered:
            continue
    return count


@periodic_job(crontab(minute="*/15"))
def look_for_lapsed_offers():
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        release_lapsed_offers()


# ---- Reminders --------------------------------------------------------------------------


def schedule_reminder(meeting, now=None):
    """Queue the reminder two days before, carrying the version it was queued for."""
    eta = meeting.starts_at - REMIND_BEFORE
    if eta > (now or utcnow()):
        send_reminders.schedule(args=(meeting.id, meeting.version), eta=eta)


def remind(meeting_id, version):
    """Tell every registrant the meeting is in two days; nothing if it changed since the
    reminder was queued (a newer reminder, with the new time, is queued by the change)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.version != version:
        return 0
    registrations = participants(meeting)
    for registration in registrations:
        notify(registration.user, "meeting_reminder", link=url_for("meetings.mine", meeting_id=meeting.id),
               meeting=meeting.title, when=when_text(meeting), place=place_text(meeting))
    db.session.commit()
    return len(registrations)


@job()
def send_reminders(meeting_id, version):
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return remind(meeting_id, version)


# ---- Calendar feeds ---------------------------------------------------------------------


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def new_calendar_feed(user):
    """A new secret feed address for `user` (the old one stops working). Returns the secret,
    which is shown once: only its hash is kept."""
    secret = secrets.token_urlsafe(24)
    feed = db.session.get(CalendarFeed, user.id) or CalendarFeed(user_id=user.id)
    feed.secret_hash = _hash(secret)
    feed.created_at = utcnow()
    db.session.add(feed)
    db.session.commit()
    return secret


def revoke_calendar_feed(user):
    feed = db.session.get(CalendarFeed, user.id)
    if feed is not None:
        db.session.delete(feed)
        db.session.commit()


def has_calendar_feed(user):
    return db.session.get(CalendarFeed, user.id) is not None


def feed_owner(secret):
    if not secret or len(secret) > 64:
        return None
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.secret_hash == _hash(secret)))
    return feed and feed.user_id


def feed_meetings(user_id):
    """The meetings in a person's feed: where they have a place."""
    return db.session.scalars(
        sa.select(Meeting)
        .join(Registration, Registration.meeting_id == Meeting.id)
        .where(Registration.user_id == user_id, Registration.status == RegistrationStatus.REGISTERED)
        .order_by(Meeting.starts_at)
    ).all()


# ---- Tickets and check-in ---------------------------------------------------------------


def ticket_payload(registration):
    """What a ticket's QR carries, signed (webapp.signing): meeting, registration and code."""
    return {"k": "tiket", "m": registration.meeting_id, "r": registration.id, "c": registration.code}


def find_ticket(meeting, code=None, payload=None):
    """The registration a typed code or a verified QR payload names at `meeting`. Raises TicketRefused."""
    if payload is not None:
        if payload.get("k") != "tiket" or payload.get("m") != meeting.id:
            raise TicketRefused()
        code = payload.get("c")
    registration = db.session.scalar(
        sa.select(Registration).where(Registration.meeting_id == meeting.id, Registration.code == code)
    )
    if registration is None or (payload is not None and registration.id != payload.get("r")):
        raise TicketRefused()
    if registration.status != RegistrationStatus.REGISTERED:
        raise TicketRefused()
    return registration


def when_scanned(claimed):
    now = utcnow()
    if claimed is None or claimed > now or claimed < now - SCAN_WINDOW:
        return now
    return claimed


def record_check_in(meeting, recorder, key, registration=None, walk_in_name=None, scanned_at=None, device=""):
    """Record one scan at the door, once per idempotency key. Returns (check_in, first):
    `first` is whether it is the earliest scan of this ticket (the one that counts); a later
    one is kept for the report. Walk-ins by name are each their own check-in."""
    key = scoped_key(recorder.id, key)
    existing = db.session.scalar(sa.select(CheckIn).where(CheckIn.idempotency_key == key))
    if existing is None:
        existing = CheckIn(
            meeting_id=meeting.id, registration_id=registration and registration.id, walk_in_name=walk_in_name,
            idempotency_key=key, scanned_at=when_scanned(scanned_at), device=device[:80], recorded_by_id=recorder.id,
        )
        db.session.add(existing)
        try:
            db.session.commit()
        except IntegrityError:  # the same scan, delivered twice at once
            db.session.rollback()
            existing = db.session.scalar(sa.select(CheckIn).where(CheckIn.idempotency_key == key))
    return existing, _is_first(existing)


def _is_first(check_in):
    if check_in.registration_id is None:
        return True
    first = db.session.scalar(
        sa.select(CheckIn.id).where(CheckIn.registration_id == check_in.registration_id)
        .order_by(CheckIn.scanned_at, CheckIn.id).limit(1)
    )
    return first == check_in.id


@dataclass
class Attendance:
    """Who came: tickets checked in (once each), walk-ins, and repeated scans (for the report)."""

    tickets: int
    walk_ins: list
    repeats: int

    @property
    def total(self):
        return self.tickets + len(self.walk_ins)


def attendance(meeting):
    check_ins = db.session.scalars(sa.select(CheckIn).where(CheckIn.meeting_id == meeting.id)).all()
    tickets = [c.registration_id for c in check_ins if c.registration_id is not None]
    return Attendance(
        tickets=len(set(tickets)),
        walk_ins=[c.walk_in_name for c in check_ins if c.registration_id is None],
        repeats=len(tickets) - len(set(tickets)),
    )


def checked_in_ids(meeting):
    return set(db.session.scalars(
        sa.select(CheckIn.registration_id).where(CheckIn.meeting_id == meeting.id, CheckIn.registration_id.is_not(None))
    ))


def attendance_required(course):
    """True when a meeting of `course` counts toward its certificate: then attending one is
    part of earning it (webapp.certificates.services.unmet_requirements)."""
    return db.session.scalar(
        sa.select(sa.func.count(Meeting.id))
        .where(Meeting.course_id == course.id, Meeting.counts_toward_certificate.is_(True))
    ) > 0


def attended(user, course):
    """True when `user` was checked in at a meeting of `course` that counts toward its
    certificate. For the certificates area (quiz), which decides what else a certificate needs."""
    return db.session.scalar(
        sa.select(sa.func.count(CheckIn.id))
        .join(Registration, CheckIn.registration_id == Registration.id)
        .join(Meeting, Registration.meeting_id == Meeting.id)
        .where(
            Registration.user_id == user.id,
            Meeting.course_id == course.id,
            Meeting.counts_toward_certificate.is_(True),
        )
    ) > 0


def community_of(slug):
    return db.session.scalar(sa.select(Community).where(Community.slug == slug)) if slug else None
