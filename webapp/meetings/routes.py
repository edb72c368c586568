"""Meetings in person: the shared list and meeting pages, the reader's own part of them (RSVP,
ticket), organising, the door (check-in) and the report.

The list and a meeting's page are the same for everyone (`shared_page`), so they open offline
once seen; whether this reader comes, their ticket and the organisers' links are a personal
fragment the page loads into itself (`data-personal`), and a page of its own without JavaScript.
"""

import uuid

import sqlalchemy as sa
from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp import signing
from webapp.access import current_person, verified_required
from webapp.certificates import services as certificates
from webapp.directory.services import find_category
from webapp.extensions import db
from webapp.http import form_status, shared_page
from webapp.meetings import bp, calendar, services
from webapp.meetings.codes import is_token, normalise_code
from webapp.meetings.forms import CheckInForm, MeetingForm, ReportForm
from webapp.meetings.services import MeetingClosed, MeetingDetails, NotRegistered, TicketRefused
from webapp.models import Category, Course, Registration, RegistrationStatus
from webapp.offline import ActionRefused, is_id, offline_action
from webapp.programs.volunteering import my_offers
from webapp.qr import qr_svg
from webapp.regions import find_province, find_regency, provinces_by_name
from webapp.versioning import STALE_EDIT, save_edit

PERSONAL = "private, no-store"


def _meeting_or_404(meeting_id):
    meeting = services.find_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _managed_or_403(meeting_id):
    meeting = _meeting_or_404(meeting_id)
    if not services.may_manage(current_user, meeting):
        abort(403)
    return meeting


def _personal(response):
    response = make_response(response)
    response.headers["Cache-Control"] = PERSONAL
    return response


# ---- Finding ------------------------------------------------------------------------------


@bp.app_template_global()
def upcoming_meetings(community=None, course=None):
    """For the small "Pertemuan" sections on a community's profile and a course's page."""
    return services.upcoming_meetings(community=community, course=course)


@bp.get("/pertemuan")
def index():
    """Upcoming meetings, soonest first, by province, kabupaten/kota and focus. The same for everyone."""
    province = find_province(request.args.get("provinsi", ""))
    regency = find_regency(request.args.get("kabupaten", ""), province.code) if province else None
    category = find_category(request.args.get("fokus", ""))
    shared_page()
    return render_template(
        "meetings/index.html",
        meetings=services.upcoming_meetings(province, regency, category),
        provinces=provinces_by_name(),
        categories=Category.listed(),
        province=province,
        regency=regency,
        category=category,
    )


@bp.get("/pertemuan/<id:meeting_id>")
def meeting(meeting_id):
    """A meeting's page: what, when in the place's own time, where, how many places are left."""
    meeting = _meeting_or_404(meeting_id)
    shared_page()
    return render_template("meetings/meeting.html", meeting=meeting, open=services.registration_open(meeting))


@bp.get("/pertemuan/<id:meeting_id>/kalender.ics")
def meeting_calendar(meeting_id):
    """"Tambah ke kalender": the meeting as an .ics, with alarms a phone fires without signal."""
    meeting = _meeting_or_404(meeting_id)
    response = make_response(calendar.to_ics([meeting]))
    response.content_type = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="pertemuan-{meeting.id}.ics"'
    response.headers["Cache-Control"] = "no-cache"
    return response


# ---- The reader's own part: RSVP ----------------------------------------------------------


def _mine_context(meeting):
    registration = services.registration_of(current_user, meeting)
    registered = registration is not None and registration.status == RegistrationStatus.REGISTERED
    return {
        "meeting": meeting,
        "registration": registration,
        "position": registration and services.waiting_position(registration),
        "open": services.registration_open(meeting),
        "manages": services.may_manage(current_user, meeting),
        "names": services.visible_names(meeting) if registered else [],
    }


@bp.get("/pertemuan/<id:meeting_id>/untuk-anda")
def personal(meeting_id):
    """The reader's part of a meeting's page (RSVP, ticket, organisers' links), loaded into it."""
    meeting = _meeting_or_404(meeting_id)
    return _personal(render_template("meetings/_mine.html", **_mine_context(meeting)))


@bp.get("/pertemuan/<id:meeting_id>/saya")
def mine(meeting_id):
    """The same as a page: where the forms lead back, and what works without JavaScript."""
    meeting = _meeting_or_404(meeting_id)
    return _personal(render_template("meetings/mine.html", **_mine_context(meeting)))


def _back_to_mine(meeting):
    return redirect(url_for(".mine", meeting_id=meeting.id), 303)


@bp.post("/pertemuan/<id:meeting_id>/ikut")
@verified_required
def join(meeting_id):
    """"Saya ikut": a place, or the waiting line when the meeting is full."""
    meeting = _meeting_or_404(meeting_id)
    try:
        registration = services.rsvp(current_person(), meeting)
    except MeetingClosed:
        flash(_("Pendaftaran pertemuan ini sudah ditutup."), "error")
        return _back_to_mine(meeting)
    if registration.status == RegistrationStatus.REGISTERED:
        flash(_("Anda terdaftar. Tiket Anda ada di bawah."), "success")
    else:
        flash(_("Pertemuan ini penuh. Anda masuk daftar tunggu; kami beri tahu bila ada tempat."), "info")
    return _back_to_mine(meeting)


def _own_registration(meeting):
    registration = services.registration_of(current_user, meeting)
    if registration is None:
        abort(404)
    return registration


@bp.post("/pertemuan/<id:meeting_id>/batal")
@login_required
def leave(meeting_id):
    """"Batal": the place goes to the first in the waiting line."""
    meeting = _meeting_or_404(meeting_id)
    try:
        services.cancel(_own_registration(meeting))
        flash(_("Pendaftaran Anda dibatalkan."), "success")
    except NotRegistered:
        flash(_("Anda tidak terdaftar di pertemuan ini."), "error")
    return _back_to_mine(meeting)


@bp.post("/pertemuan/<id:meeting_id>/konfirmasi")
@login_required
def confirm(meeting_id):
    """The promoted person takes the place offered to them."""
    meeting = _meeting_or_404(meeting_id)
    try:
        services.confirm_place(_own_registration(meeting))
        flash(_("Tempat Anda sudah pasti. Sampai jumpa!"), "success")
    except NotRegistered:
        flash(_("Tidak ada tempat yang menunggu konfirmasi Anda."), "error")
    return _back_to_mine(meeting)


@bp.post("/pertemuan/<id:meeting_id>/nama")
@login_required
def name_visibility(meeting_id):
    """Whether other participants may see this person's name."""
    meeting = _meeting_or_404(meeting_id)
    visible = request.form.get("tampilkan") == "1"
    services.show_name(_own_registration(meeting), visible)
    flash(_("Nama Anda kini terlihat oleh peserta lain.") if visible else _("Nama Anda kini hanya terlihat oleh penyelenggara."), "success")
    return _back_to_mine(meeting)


@bp.get("/tiket/<id:registration_id>")
@login_required
def ticket(registration_id):
    """The registrant's ticket: the code and a signed QR the door checks without signal.
    Only its owner opens it; anyone else gets 404 (not even whether it exists)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.user_id != current_user.id:
        abort(404)
    token = signing.sign(services.ticket_payload(registration))
    return _personal(render_template("meetings/ticket.html", registration=registration, meeting=registration.meeting,
                                     qr=qr_svg(token), token=token))


# ---- Organising ---------------------------------------------------------------------------


def _form_choices(form):
    form.province.choices = [("", _("— Pilih provinsi —"))] + [
        (p.code, p.name) for p in provinces_by_name()
    ]
    form.course_id.choices = [(0, _("— Tidak ada —"))] + [
        (c.id, c.title) for c in db.session.scalars(sa.select(Course).where(Course.published.is_(True)).order_by(Course.position, Course.id))
    ]


def _details(form):
    return MeetingDetails(
        title=form.title.data, description=form.description.data or "", course_id=form.course_id.data or None,
        counts_toward_certificate=bool(form.counts_toward_certificate.data and form.course_id.data),
        starts_at=form.starts_at.data, ends_at=form.ends_at.data, province_code=form.province.data,
        regency_code=form.regency_code.data, district_code=form.district_code.data, address=form.address.data,
        latitude=float(form.latitude.data) if form.latitude.data is not None else None,
        longitude=float(form.longitude.data) if form.longitude.data is not None else None,
        online_url=form.online_url.data or "", capacity=form.capacity.data,
        registration_closes_at=form.registration_closes_at.data,
    )


@bp.route("/pertemuan/baru", methods=["GET", "POST"])
@login_required
def new():
    """Organise a meeting: for a community (`?komunitas=slug`, its coordinators) or for the
    network (facilitators)."""
    community = services.community_of(request.args.get("komunitas"))
    if request.args.get("komunitas") and community is None:
        abort(404)
    if not services.may_organise(current_user, community):
        abort(403)
    form = MeetingForm()
    _form_choices(form)
    if request.method == "GET" and community is not None:
        form.province.data = community.province_code
        form.regency_code.data = community.regency_code
    if form.validate_on_submit():
        meeting = services.create_meeting(current_person(), community, _details(form))
        flash(_("Pertemuan dibuat. Bagikan halamannya agar orang bisa mendaftar."), "success")
        return redirect(url_for(".meeting", meeting_id=meeting.id), 303)
    return render_template("meetings/edit.html", form=form, community=community, meeting=None), form_status(form)


@bp.route("/pertemuan/<id:meeting_id>/ubah", methods=["GET", "POST"])
@login_required
def edit(meeting_id):
    """Change a meeting; a change of time or place tells every registrant."""
    meeting = _managed_or_403(meeting_id)
    form = MeetingForm(obj=services.details_of(meeting) if request.method == "GET" else None)
    _form_choices(form)
    if request.method == "GET":
        form.version.data = str(meeting.version)
        form.province.data = meeting.province_code
        form.course_id.data = meeting.course_id or 0
    conflict = None
    if form.validate_on_submit():
        saved, conflict = save_edit(
            lambda: services.change_meeting(meeting, current_person(), _details(form), form.version.data), meeting,
            form, _("Perubahan disimpan. Semua pendaftar diberi tahu bila waktu atau tempat berubah."),
            url_for(".meeting", meeting_id=meeting.id),
        )
        if saved is not None:
            return saved
    status = STALE_EDIT if conflict else form_status(form)
    return render_template("meetings/edit.html", form=form, community=meeting.community, meeting=meeting,
                           conflict=conflict, describe=lambda name, value: value), status


@bp.route("/pertemuan/<id:meeting_id>/peserta", methods=["GET", "POST"])
@login_required
def participants(meeting_id):
    """The organisers' view: participants, waiting line, attendance and the short report.
    Never public: "networks aren't for sale"."""
    meeting = _managed_or_403(meeting_id)
    form = ReportForm(report=meeting.report)
    if form.validate_on_submit():
        services.write_report(meeting, current_person(), form.report.data)
        flash(_("Laporan disimpan."), "success")
        return redirect(url_for(".participants", meeting_id=meeting.id), 303)
    return _personal((render_template(
        "meetings/participants.html", meeting=meeting, form=form,
        participants=services.participants(meeting), waiting=services.waiting_line(meeting),
        attendance=services.attendance(meeting), checked_in=services.checked_in_ids(meeting),
    ), form_status(form)))


# ---- The door -----------------------------------------------------------------------------


def _door_page(meeting, form, result=None, status=200):
    return _personal((render_template(
        "meetings/check_in.html", meeting=meeting, form=form, result=result,
        attendance=services.attendance(meeting),
    ), status))


@bp.get("/pertemuan/<id:meeting_id>/check-in")
@login_required
def door(meeting_id):
    """The organisers' check-in page, kept on the phone for the door where there is no signal:
    the camera scans a ticket's QR (static/js/check-in.js), or a code is typed."""
    meeting = _managed_or_403(meeting_id)
    response = _door_page(meeting, CheckInForm(key=str(uuid.uuid4())))
    # The one page that may use the camera (every other page says camera=()).
    response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
    return response


@bp.post("/pertemuan/<id:meeting_id>/check-in")
@login_required
def check_in_typed(meeting_id):
    """A typed code or a walk-in's name, with an ordinary form (JavaScript off)."""
    meeting = _managed_or_403(meeting_id)
    form = CheckInForm()
    if not form.validate():
        return _door_page(meeting, form, status=422)
    registration = None
    if form.code.data:
        try:
            if is_token(form.code.data):
                registration = services.find_ticket(meeting, payload=signing.verify(form.code.data))
            else:
                registration = services.find_ticket(meeting, code=form.code.data)
        except (signing.InvalidToken, TicketRefused):
            form.code.errors.append(_("Tiket ini tidak terdaftar untuk pertemuan ini."))
            return _door_page(meeting, form, status=422)
    check_in, first = services.record_check_in(
        meeting, current_person(), form.key.data, registration=registration,
        walk_in_name=None if registration else form.walk_in_name.data, device=_device(),
    )
    _checked_in(meeting, registration, first)
    result = {"name": registration.user.name if registration else check_in.walk_in_name, "first": first}
    return _door_page(meeting, CheckInForm(key=str(uuid.uuid4())), result=result)


def _device():
    return (request.user_agent.string or "")[:80]


def _checked_in(meeting, registration, first):
    """A first check-in at a meeting that counts toward its course may be the last thing the
    participant needed for the certificate."""
    if first and registration is not None and meeting.course is not None and meeting.counts_toward_certificate:
        certificates.issue_if_earned(registration.user, meeting.course)


@bp.post("/api/check-in")
@offline_action(invalid_message=_l("Data check-in tidak lengkap."))
def record_check_in(action):
    """A scan from the check-in page's script, or from the service worker replaying scans made
    offline. Fields: "meeting" (id), and "token" (the QR) or "code" (typed) or "name" (a
    walk-in); "at" is the real scan time. Answers {"first": bool, "name"}: a later scan of a
    ticket already checked in is kept for the report and says so."""
    meeting_id = action.data.get("meeting")
    if not is_id(meeting_id):
        raise ActionRefused(400, _("Data check-in tidak lengkap."))
    meeting = services.find_meeting(meeting_id)
    if meeting is None:
        raise ActionRefused(404, _("Pertemuan ini tidak ada lagi."))
    if not services.may_manage(current_user, meeting):
        raise ActionRefused(403, _("Hanya penyelenggara yang bisa mencatat kehadiran."))
    token, code, name = (action.data.get(k) for k in ("token", "code", "name"))
    registration = None
    try:
        if isinstance(token, str) and len(token) < 1000:
            registration = services.find_ticket(meeting, payload=signing.verify(token))
        elif isinstance(code, str) and len(code) < 40:
            registration = services.find_ticket(meeting, code=normalise_code(code))
        elif not (isinstance(name, str) and 0 < len(name.strip()) <= 120):
            raise ActionRefused(400, _("Data check-in tidak lengkap."))
    except (signing.InvalidToken, TicketRefused):
        raise ActionRefused(422, _("Tiket ini tidak sah untuk pertemuan ini.")) from None
    check_in, first = services.record_check_in(
        meeting, current_person(), action.key, registration=registration,
        walk_in_name=None if registration else name.strip(), scanned_at=action.made_at, device=_device(),
    )
    _checked_in(meeting, registration, first)
    return jsonify(first=first, name=registration.user.name if registration else check_in.walk_in_name)


# ---- A relawan's own: meetings, tickets, calendar feed -----------------------------------


def _activities_page(feed_url=None):
    return _personal(render_template(
        "meetings/activities.html", registrations=services.my_registrations(current_user),
        offers=my_offers(current_user), has_feed=feed_url is not None or services.has_calendar_feed(current_user),
        feed_url=feed_url,
    ))


@bp.get("/kegiatan-saya")
@login_required
def activities():
    """What a relawan signed up for: meetings (with their tickets) and volunteer offers, and
    their private calendar feed."""
    return _activities_page()


@bp.post("/kegiatan-saya/kalender")
@login_required
def new_feed():
    """A new private feed address (the old one stops working). Shown once, on this answer only:
    just its hash is kept, so it cannot be shown again."""
    secret = services.new_calendar_feed(current_user)
    return _activities_page(feed_url=url_for(".feed", secret=secret, _external=True))


@bp.post("/kegiatan-saya/kalender/hapus")
@login_required
def revoke_feed():
    services.revoke_calendar_feed(current_user)
    flash(_("Alamat kalender pribadi Anda sudah tidak berlaku."), "success")
    return redirect(url_for(".activities"), 303)


@bp.get("/kalender/<secret>.ics")
def feed(secret):
    """A person's private calendar feed: their meetings, for a calendar app to subscribe to.
    The secret in the address is the only key; it is never logged by us nor cached by others."""
    owner = services.feed_owner(secret)
    if owner is None:
        abort(404)
    response = make_response(calendar.to_ics(services.feed_meetings(owner), name=_("Pertemuan Jejaring saya")))
    response.content_type = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = PERSONAL
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
