"""What a notification can say: each kind's inbox sentence, e-mail and default e-mail choice.

Sentences are msgids with %(name)s parameters, translated when read, so the inbox speaks the
reader's language. E-mail is on by default for what needs an answer or an action from the
person (a partnership request, an invitation, a program that may have stopped) and off for
the rest; each person changes that on the preferences page.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    params: tuple  # the names its texts use; `notify` needs every one of them
    sentence: object  # lazy string: the line in the inbox
    subject: object  # lazy string: the e-mail's subject
    label: object  # lazy string: the choice on the preferences page
    email_by_default: bool
    # The e-mail's text, with %(link)s; by default the sentence and the link.
    body: object = None
    # The caller sends its own e-mail that nobody may turn off (an invitation carries its link).
    mailed_by_caller: bool = False


KINDS = {
    "partnership_request_received": Kind(
        params=("sender", "receiver", "goal"),
        sentence=_l("%(sender)s mengajak %(receiver)s bermitra: %(goal)s"),
        subject=_l("Ajakan bermitra dari %(sender)s"),
        body=_l(
            "%(sender)s mengajak %(receiver)s bermitra di Jejaring.\n\nTujuan bersama: %(goal)s\n\n"
            "Buka ajakan ini untuk menerima atau menolaknya:\n%(link)s"
        ),
        label=_l("Ajakan bermitra untuk komunitas Anda"),
        email_by_default=True,
    ),
    "partnership_request_accepted": Kind(
        params=("sender", "receiver"),
        sentence=_l("%(receiver)s menerima ajakan bermitra dari %(sender)s. Kontak kedua pihak kini terlihat."),
        subject=_l("%(receiver)s menerima ajakan bermitra"),
        label=_l("Ajakan bermitra Anda diterima"),
        # The partnership starts now: the sender should get in touch.
        email_by_default=True,
    ),
    "partnership_request_declined": Kind(
        params=("sender", "receiver"),
        sentence=_l("%(receiver)s menolak ajakan bermitra dari %(sender)s."),
        subject=_l("%(receiver)s menolak ajakan bermitra"),
        label=_l("Ajakan bermitra Anda ditolak"),
        email_by_default=False,
    ),
    "partnership_request_withdrawn": Kind(
        params=("sender", "receiver"),
        sentence=_l("%(sender)s menarik kembali ajakan bermitra kepada %(receiver)s."),
        subject=_l("%(sender)s menarik kembali ajakan bermitra"),
        label=_l("Ajakan bermitra untuk komunitas Anda ditarik kembali"),
        email_by_default=False,
    ),
    "contact_request_received": Kind(
        params=("person", "community", "message"),
        sentence=_l("%(person)s meminta kontak %(community)s: %(message)s"),
        subject=_l("%(person)s meminta kontak %(community)s"),
        label=_l("Seseorang meminta kontak komunitas Anda"),
        email_by_default=True,
    ),
    "contact_request_accepted": Kind(
        params=("community",),
        sentence=_l("Koordinator %(community)s menerima permintaan kontak Anda. Kontaknya kini terlihat di profil."),
        subject=_l("Kontak %(community)s kini terbuka untuk Anda"),
        label=_l("Permintaan kontak Anda diterima"),
        email_by_default=True,
    ),
    "contact_request_declined": Kind(
        params=("community",),
        sentence=_l("Koordinator %(community)s belum bisa membagikan kontaknya kepada Anda."),
        subject=_l("Jawaban dari %(community)s"),
        label=_l("Permintaan kontak Anda ditolak"),
        email_by_default=False,
    ),
    "coordination_handed_over": Kind(
        params=("community", "previous"),
        sentence=_l("%(previous)s menyerahkan koordinasi %(community)s kepada Anda."),
        subject=_l("Anda kini koordinator %(community)s"),
        label=_l("Koordinasi komunitas diserahkan kepada Anda"),
        # The community now depends on someone who may not know it yet.
        email_by_default=True,
    ),
    "coordinator_invitation": Kind(
        params=("community", "inviter"),
        sentence=_l("%(inviter)s mengundang Anda menjadi koordinator %(community)s. Tautan undangannya ada di e-mail Anda."),
        subject=_l("Undangan menjadi koordinator %(community)s"),
        label=_l("Undangan menjadi koordinator"),
        email_by_default=True,
        mailed_by_caller=True,
    ),
    "community_verified": Kind(
        params=("community",),
        sentence=_l("%(community)s sudah diverifikasi. Lencana terverifikasi kini tampil di profilnya."),
        subject=_l("%(community)s sudah diverifikasi"),
        label=_l("Komunitas Anda diverifikasi"),
        email_by_default=False,
    ),
    "community_unverified": Kind(
        params=("community",),
        sentence=_l("Verifikasi %(community)s dicabut. Hubungi fasilitator Jejaring bila menurut Anda ini keliru."),
        subject=_l("Verifikasi %(community)s dicabut"),
        label=_l("Verifikasi komunitas Anda dicabut"),
        email_by_default=False,
    ),
    "program_stale": Kind(
        params=("program", "community"),
        sentence=_l("Program %(program)s dari %(community)s belum dikonfirmasi selama 6 bulan. Masih berjalan?"),
        subject=_l("Apakah program %(program)s masih berjalan?"),
        label=_l("Program yang lama tidak dikonfirmasi"),
        email_by_default=True,
    ),
    "certificate_issued": Kind(
        params=("course",),
        sentence=_l("Selamat! Anda mendapat sertifikat kursus %(course)s."),
        subject=_l("Sertifikat kursus %(course)s"),
        label=_l("Sertifikat yang Anda dapat"),
        email_by_default=False,
    ),
    "certificate_revoked": Kind(
        params=("course", "reason"),
        sentence=_l("Sertifikat kursus %(course)s Anda dicabut. Alasan: %(reason)s"),
        subject=_l("Sertifikat kursus %(course)s dicabut"),
        label=_l("Sertifikat Anda dicabut"),
        email_by_default=False,
    ),
}
