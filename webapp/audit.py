"""How the audit log reads to people: each event as one plain sentence naming who did what to
what, the actions an admin can filter by, and the filters themselves; and what it keeps about a
person (Data saya), with a pseudonym in place of an account that was deleted."""

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import to_utc
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from webapp.extensions import db
from webapp.models import AuditEvent, User
from webapp.privacy import PersonalData, register
from webapp.text import clean_line

# What each known action is called in the filter; an unknown one is shown as it is stored.
ACTION_LABELS = {
    "community.registered": _l("mendaftarkan komunitas"),
    "community.updated": _l("mengubah profil komunitas"),
    "community.logo_changed": _l("mengganti logo komunitas"),
    "community.verified": _l("memverifikasi komunitas"),
    "community.unverified": _l("mencabut verifikasi komunitas"),
    "program.created": _l("menambah program"),
    "program.updated": _l("mengubah program"),
    "program.deleted": _l("menghapus program"),
    "program.confirmed": _l("mengonfirmasi program masih berjalan"),
    "program.closed": _l("menutup program"),
    "partnership.requested": _l("mengajak bermitra"),
    "partnership.accepted": _l("menerima ajakan bermitra"),
    "partnership.declined": _l("menolak ajakan bermitra"),
    "partnership.withdrawn": _l("menarik ajakan bermitra"),
    "space.partner_joined": _l("bergabung dalam kemitraan"),
    "space.partner_left": _l("keluar dari kemitraan"),
    "space.agreement_saved": _l("mengubah kesepakatan kemitraan"),
    "space.agreement_acknowledged": _l("mengakui kesepakatan kemitraan"),
    "space.ended": _l("mengakhiri kemitraan"),
    "campaign.created": _l("menambah kampanye"),
    "campaign.updated": _l("mengubah kampanye"),
    "campaign.deleted": _l("menghapus kampanye"),
    "coordinator.invited": _l("mengundang koordinator"),
    "coordinator.joined": _l("bergabung sebagai koordinator"),
    "coordinator.stepped_down": _l("mundur sebagai koordinator"),
    "coordinator.removed": _l("mencabut koordinator"),
    "coordination.handed_over": _l("menyerahkan koordinasi"),
    "category.created": _l("menambah kategori"),
    "category.renamed": _l("mengubah nama kategori"),
    "category.moved": _l("memindah urutan kategori"),
    "category.deleted": _l("menghapus kategori"),
    "user.made_admin": _l("menjadikan admin"),
    "password_changed": _l("mengganti kata sandi"),
    "password_reset": _l("mengatur ulang kata sandi"),
    "welcome_password_set": _l("memilih kata sandi pertama"),
    "registered_by_facilitator": _l("mendaftarkan peserta"),
    "email_changed": _l("mengganti alamat e-mail"),
    "account.corrected": _l("memperbaiki nama"),
    "account.deleted": _l("menghapus akun"),
    "course.saved": _l("menyimpan kursus"),
    "lesson.saved": _l("menyimpan pelajaran"),
    "lesson.picture_added": _l("menambah gambar ke pelajaran"),
    "moderation.hidden": _l("menyembunyikan isi yang dilaporkan"),
    "moderation.changes_requested": _l("meminta perbaikan"),
    "moderation.warned": _l("memberi peringatan"),
    "moderation.suspended": _l("menangguhkan akun"),
    "moderation.dismissed": _l("menutup laporan tanpa tindakan"),
    "moderation.restored": _l("memulihkan isi"),
    "moderation.reinstated": _l("memulihkan akun"),
    "moderation.answered": _l("menjawab keputusan moderasi"),
}

# One sentence per action (and per variant, after a "+"). %(actor)s is who acted, %(community)s
# the community the event is recorded on (for a partnership: the actor's own side), %(other)s
# the other side of a partnership, %(subject)s the account acted upon, %(title)s what was saved.
SENTENCES = {
    "community.registered": _l("%(actor)s mendaftarkan komunitas %(community)s."),
    "community.updated": _l("%(actor)s mengubah profil %(community)s."),
    "community.logo_changed": _l("%(actor)s mengganti logo %(community)s."),
    "community.verified": _l("%(actor)s memverifikasi %(community)s."),
    "community.unverified": _l("%(actor)s mencabut verifikasi %(community)s."),
    "program.created": _l("%(actor)s menambah program “%(title)s” di %(community)s."),
    "program.updated": _l("%(actor)s mengubah program “%(title)s” di %(community)s."),
    "program.deleted": _l("%(actor)s menghapus program “%(title)s” dari %(community)s."),
    "program.confirmed": _l("%(actor)s mengonfirmasi program “%(title)s” dari %(community)s masih berjalan."),
    "program.closed": _l("%(actor)s menutup program “%(title)s” dari %(community)s."),
    "campaign.created": _l("%(actor)s menambah kampanye “%(title)s” di %(community)s."),
    "campaign.updated": _l("%(actor)s mengubah kampanye “%(title)s” di %(community)s."),
    "campaign.deleted": _l("%(actor)s menghapus kampanye “%(title)s” dari %(community)s."),
    "partnership.requested": _l("%(actor)s, atas nama %(community)s, mengajak %(other)s bermitra."),
    "partnership.accepted": _l("%(actor)s, atas nama %(community)s, menerima ajakan bermitra dari %(other)s."),
    "partnership.declined": _l("%(actor)s, atas nama %(community)s, menolak ajakan bermitra dari %(other)s."),
    "partnership.withdrawn": _l("%(actor)s, atas nama %(community)s, menarik ajakan bermitra kepada %(other)s."),
    "space.partner_joined": _l("%(actor)s, atas nama %(community)s, bergabung dalam kemitraan “%(title)s”."),
    "space.partner_left": _l("%(actor)s, atas nama %(community)s, keluar dari kemitraan “%(title)s”."),
    "space.agreement_saved": _l("%(actor)s menyimpan versi %(number)s kesepakatan kemitraan “%(title)s”."),
    "space.agreement_acknowledged": _l("%(actor)s, atas nama %(community)s, mengakui versi %(number)s kesepakatan “%(title)s”."),
    "space.ended": _l("%(actor)s, atas nama %(community)s, mengakhiri kemitraan “%(title)s”."),
    "coordinator.invited": _l("%(actor)s mengundang %(email)s menjadi koordinator %(community)s."),
    "coordinator.joined": _l("%(actor)s bergabung sebagai koordinator %(community)s."),
    "coordinator.stepped_down": _l("%(actor)s mundur sebagai koordinator %(community)s."),
    "coordinator.removed": _l("%(actor)s mencabut %(subject)s sebagai koordinator %(community)s."),
    "coordination.handed_over": _l("%(actor)s menyerahkan koordinasi %(community)s kepada %(subject)s."),
    "category.created": _l("%(actor)s menambah kategori “%(name)s”."),
    "category.renamed": _l("%(actor)s mengubah nama kategori “%(old_name)s” menjadi “%(name)s”."),
    "category.moved+naik": _l("%(actor)s memindah kategori “%(slug)s” satu tempat ke atas."),
    "category.moved+turun": _l("%(actor)s memindah kategori “%(slug)s” satu tempat ke bawah."),
    "category.deleted": _l("%(actor)s menghapus kategori “%(name)s”."),
    "user.made_admin": _l("%(subject)s dijadikan admin dari baris perintah server."),
    "password_changed": _l("%(actor)s mengganti kata sandinya."),
    "password_reset": _l("%(actor)s mengatur ulang kata sandinya lewat e-mail."),
    "welcome_password_set": _l("%(actor)s memilih kata sandi pertamanya lewat undangan e-mail."),
    "registered_by_facilitator": _l("%(actor)s mendaftarkan %(subject)s di sebuah pertemuan."),
    "email_changed": _l("%(actor)s mengganti alamat e-mailnya lewat tautan ke alamat baru."),
    "account.corrected": _l("%(actor)s memperbaiki namanya."),
    "account.deleted": _l("%(actor)s menghapus akunnya."),
    "course.saved+created": _l("%(actor)s membuat kursus “%(title)s”."),
    "course.saved": _l("%(actor)s mengubah kursus “%(title)s”."),
    "lesson.saved+created": _l("%(actor)s membuat pelajaran “%(title)s”."),
    "lesson.saved": _l("%(actor)s mengubah pelajaran “%(title)s”."),
    "moderation.hidden": _l("%(actor)s menyembunyikan “%(title)s” karena melanggar aturan jejaring."),
    "moderation.changes_requested": _l("%(actor)s meminta perbaikan atas “%(title)s”."),
    "moderation.warned": _l("%(actor)s memberi peringatan tentang “%(title)s”."),
    "moderation.suspended": _l("%(actor)s menangguhkan akun %(subject)s."),
    "moderation.dismissed": _l("%(actor)s menutup laporan tentang “%(title)s” tanpa tindakan."),
    "moderation.restored": _l("%(actor)s menampilkan kembali “%(title)s”."),
    "moderation.reinstated": _l("%(actor)s memulihkan akun %(subject)s."),
    "moderation.answered": _l("%(actor)s menjawab keputusan moderasi atas “%(title)s”."),
}
UNKNOWN = _l("%(actor)s: %(action)s")
# Where an event keeps the pseudonym of a deleted account that acted or was acted upon.
DELETED_ACTOR, DELETED_SUBJECT = "actor_deleted", "subject_deleted"
# Details that hold a user's id, cleared when that account is deleted.
USER_ID_DETAILS = ("from_user_id", "to_user_id", "invited_by_id")


def _variant(event):
    details = event.details or {}
    if details.get("created"):
        return event.action + "+created"
    if event.action == "category.moved":
        return event.action + "+" + str(details.get("direction"))
    return event.action


def _strong(text):
    return Markup("<strong>%s</strong>") % text


def describe(event):
    """The event as one sentence (safe HTML): people in bold, the community as a link."""
    details = event.details or {}
    if event.community is not None:
        community = Markup('<a href="%s">%s</a>') % (
            url_for("directory.profile", slug=event.community.slug), event.community.name
        )
    else:
        community = _l("komunitas yang sudah dihapus")
    values = {
        "actor": _strong(event.actor.name if event.actor else details.get(DELETED_ACTOR, _l("Sistem atau akun terhapus"))),
        "subject": _strong(
            event.subject_user.name if event.subject_user else details.get(DELETED_SUBJECT, _l("akun yang sudah dihapus"))
        ),
        "community": community,
        "other": _strong(details.get("title", "")),
        "action": event.action,
        **{key: str(details.get(key, "")) for key in ("title", "name", "old_name", "slug", "email", "number")},
    }
    sentence = SENTENCES.get(_variant(event)) or SENTENCES.get(event.action) or UNKNOWN
    # The sentence is the translators' text; every value put into it is escaped by Markup's %.
    return escape(str(sentence)) % values


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string: a person, an action, a date range."""

    class Meta:
        csrf = False

    orang = SearchField(
        _l("Orang (nama atau e-mail)"),
        filters=[clean_line],
        validators=[Length(max=200, message=_l("Paling panjang 200 karakter."))],
    )
    aksi = SelectField(
        _l("Aksi"),
        default="",
        invalid_value_message=_l("Aksi tidak dikenal."),
        invalid_choice_message=_l("Aksi tidak dikenal."),
    )
    dari = DateField(
        _l("Dari tanggal"), validators=[Optional()],
        invalid_value_message=_l("Tanggal tidak valid; tulis seperti 2025-08-17."),
    )
    sampai = DateField(
        _l("Sampai tanggal"), validators=[Optional()],
        invalid_value_message=_l("Tanggal tidak valid; tulis seperti 2025-08-17."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.aksi.choices = [("", _l("Semua aksi"))] + list(ACTION_LABELS.items())

    def validate_sampai(self, field):
        if field.data and self.dari.data and field.data < self.dari.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))


def _start_of(day):
    """Midnight of `day` where the admin reads the log (Jakarta by default), as stored: naive UTC."""
    return to_utc(datetime.combine(day, time.min))


def filter_events(query, person="", action="", since=None, until=None):
    """Narrow an AuditEvent query: events by or about a person whose name or e-mail contains
    `person`, of one action, on or after `since`, on or before `until` (local dates)."""
    if person:
        pattern = "%" + person.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        people = sa.select(User.id).where(
            sa.or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
        query = query.where(sa.or_(AuditEvent.actor_id.in_(people), AuditEvent.subject_user_id.in_(people)))
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.created_at >= _start_of(since))
    if until:
        query = query.where(AuditEvent.created_at < _start_of(until + timedelta(days=1)))
    return query


def _about(user):
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(sa.or_(AuditEvent.actor_id == user.id, AuditEvent.subject_user_id == user.id))
        .order_by(AuditEvent.created_at, AuditEvent.id)
    )
    return [
        {"action": str(ACTION_LABELS.get(e.action, e.action)), "by_you": e.actor_id == user.id,
         "community": e.community.name if e.community else "", "at": e.created_at}
        for e in events
    ]


def _pseudonymise(erasure):
    """Entries stay (they are the network's record of who did what) under the person's pseudonym;
    the person's name, e-mail and id leave every entry's details."""
    for event_id, actor_id, subject_id, details in db.session.execute(
        sa.select(AuditEvent.id, AuditEvent.actor_id, AuditEvent.subject_user_id, AuditEvent.details)
    ).all():
        new = erasure.scrub_values(details or {})
        new.update({key: None for key in USER_ID_DETAILS if new.get(key) == erasure.user_id})
        values = {}
        if actor_id == erasure.user_id:
            new[DELETED_ACTOR] = erasure.pseudonym
            values["actor_id"] = None
        if subject_id == erasure.user_id:
            new[DELETED_SUBJECT] = erasure.pseudonym
            values["subject_user_id"] = None
        if new != details or values:
            db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == event_id).values(details=new, **values))


# Disputes about shared data and security incidents surface within months; two years also covers a
# coordinator's term. What must outlive that is on the records themselves (a community's verified
# date, its coordinators), so older entries are deleted rather than kept under pseudonyms.
AUDIT_KEPT = timedelta(days=2 * 365)


def _purge(now):
    return db.session.execute(sa.delete(AuditEvent).where(AuditEvent.created_at < now - AUDIT_KEPT)).rowcount


register(PersonalData(
    name="audit",
    title=_l("Catatan aktivitas tentang Anda"),
    fields={"action": _l("Aksi"), "by_you": _l("Oleh Anda"), "community": _l("Komunitas"), "at": _l("Waktu")},
    tables=("audit_event",),
    export=_about,
    erase=_pseudonymise,
    purge=_purge,
    note=_l("Setelah akun dihapus, catatan ini tetap ada dengan nama samaran, bukan nama Anda."),
    order=95,
))
