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
    # Partnership spaces (webapp.spaces): %(title)s is the partnership's shared goal.
    "space_partner_invited": Kind(
        params=("title", "community"),
        sentence=_l("%(community)s diundang bergabung dalam kemitraan “%(title)s”."),
        subject=_l("Undangan bergabung dalam kemitraan “%(title)s”"),
        label=_l("Komunitas Anda diundang ke kemitraan"),
        email_by_default=True,
    ),
    "space_partner_joined": Kind(
        params=("title", "community"),
        sentence=_l("%(community)s bergabung dalam kemitraan “%(title)s”. Mohon akui versi baru kesepakatan."),
        subject=_l("Mitra baru dalam “%(title)s”"),
        label=_l("Mitra baru bergabung dalam kemitraan"),
        email_by_default=True,
    ),
    "space_partner_left": Kind(
        params=("title", "community"),
        sentence=_l("%(community)s keluar dari kemitraan “%(title)s”. Mohon akui versi baru kesepakatan."),
        subject=_l("Mitra keluar dari “%(title)s”"),
        label=_l("Mitra keluar dari kemitraan"),
        email_by_default=True,
    ),
    "space_broker_invited": Kind(
        params=("title",),
        sentence=_l("Semua mitra “%(title)s” mengundang Anda mendampingi kemitraan mereka."),
        subject=_l("Anda diundang mendampingi “%(title)s”"),
        label=_l("Diundang menjadi pialang kemitraan"),
        email_by_default=True,
    ),
    "space_agreement_changed": Kind(
        params=("title", "number"),
        sentence=_l("Kesepakatan “%(title)s” diubah (versi %(number)s). Baca dan akui versi ini."),
        subject=_l("Kesepakatan “%(title)s” versi %(number)s"),
        label=_l("Kesepakatan kemitraan diubah"),
        email_by_default=True,
    ),
    "space_agreement_in_force": Kind(
        params=("title", "number"),
        sentence=_l("Kesepakatan “%(title)s” versi %(number)s kini berlaku: semua mitra sudah mengakuinya."),
        subject=_l("Kesepakatan “%(title)s” berlaku"),
        label=_l("Kesepakatan kemitraan berlaku"),
        email_by_default=False,
    ),
    "space_health_check_opened": Kind(
        params=("title",),
        sentence=_l("Cek kesehatan kemitraan “%(title)s” dimulai. Jawab atas nama komunitas Anda."),
        subject=_l("Cek kesehatan “%(title)s”"),
        label=_l("Cek kesehatan kemitraan dimulai"),
        email_by_default=True,
    ),
    "space_health_check_revealed": Kind(
        params=("title",),
        sentence=_l("Hasil cek kesehatan “%(title)s” sudah terbuka. Pilih perbaikan bersama."),
        subject=_l("Hasil cek kesehatan “%(title)s”"),
        label=_l("Hasil cek kesehatan terbuka"),
        email_by_default=False,
    ),
    "space_health_check_due": Kind(
        params=("title",),
        sentence=_l("Sudah waktunya cek kesehatan kemitraan “%(title)s”."),
        subject=_l("Waktunya cek kesehatan “%(title)s”"),
        label=_l("Pengingat cek kesehatan kemitraan"),
        email_by_default=True,
    ),
    "space_message": Kind(
        params=("title", "author"),
        sentence=_l("%(author)s menulis pesan di kemitraan “%(title)s”."),
        subject=_l("Pesan baru di “%(title)s”"),
        label=_l("Pesan baru di kemitraan"),
        email_by_default=False,
    ),
    "space_ended": Kind(
        params=("title", "community"),
        sentence=_l("%(community)s mengakhiri kemitraan “%(title)s”. Tulis catatan penutup komunitas Anda."),
        subject=_l("Kemitraan “%(title)s” selesai"),
        label=_l("Kemitraan diakhiri"),
        email_by_default=True,
    ),
    "meeting_place_offered": Kind(
        params=("meeting", "until"),
        sentence=_l("Ada tempat kosong untuk Anda di %(meeting)s. Konfirmasi sebelum %(until)s, atau tempatnya diberikan ke antrean berikutnya."),
        subject=_l("Ada tempat untuk Anda di %(meeting)s"),
        label=_l("Tempat dari daftar tunggu pertemuan"),
        # Lapses unless answered in time: worth an e-mail.
        email_by_default=True,
    ),
    "meeting_changed": Kind(
        params=("meeting", "when", "place"),
        sentence=_l("%(meeting)s berubah: sekarang %(when)s di %(place)s."),
        subject=_l("Perubahan waktu atau tempat: %(meeting)s"),
        label=_l("Perubahan waktu atau tempat pertemuan yang Anda ikuti"),
        email_by_default=True,
    ),
    "meeting_reminder": Kind(
        params=("meeting", "when", "place"),
        sentence=_l("Pengingat: %(meeting)s, %(when)s di %(place)s. Tiket Anda ada di Jejaring."),
        subject=_l("Pengingat: %(meeting)s dua hari lagi"),
        label=_l("Pengingat dua hari sebelum pertemuan"),
        email_by_default=True,
    ),
    "volunteer_offer_received": Kind(
        params=("person", "program"),
        sentence=_l("%(person)s ingin membantu program %(program)s."),
        subject=_l("Tawaran relawan untuk %(program)s"),
        label=_l("Tawaran relawan untuk program komunitas Anda"),
        email_by_default=True,
    ),
    "volunteer_offer_accepted": Kind(
        params=("program", "community"),
        sentence=_l("%(community)s menerima tawaran Anda membantu %(program)s. Kontak kedua pihak kini terlihat."),
        subject=_l("Tawaran Anda membantu %(program)s diterima"),
        label=_l("Tawaran relawan Anda diterima"),
        email_by_default=True,
    ),
    "volunteer_offer_declined": Kind(
        params=("program", "community"),
        sentence=_l("%(community)s belum bisa menerima tawaran Anda membantu %(program)s."),
        subject=_l("Jawaban dari %(community)s"),
        label=_l("Tawaran relawan Anda ditolak"),
        email_by_default=False,
    ),
    # Moderation (webapp.moderation): the reporter hears the outcome; those affected hear why,
    # by e-mail too (a suspended account can no longer read its inbox), and may answer.
    "report_upheld": Kind(
        params=("title",),
        sentence=_l("Laporan Anda tentang “%(title)s” sudah ditindaklanjuti moderator. Terima kasih menjaga jejaring."),
        subject=_l("Laporan Anda sudah ditindaklanjuti"),
        label=_l("Hasil laporan Anda"),
        email_by_default=False,
    ),
    "report_dismissed": Kind(
        params=("title",),
        sentence=_l("Moderator memeriksa laporan Anda tentang “%(title)s” dan tidak menemukan pelanggaran aturan."),
        subject=_l("Laporan Anda sudah diperiksa"),
        label=_l("Laporan Anda ditutup tanpa tindakan"),
        email_by_default=False,
    ),
    "moderation_hidden": Kind(
        params=("title", "reason"),
        sentence=_l("Moderator menyembunyikan “%(title)s” karena melanggar aturan jejaring: %(reason)s"),
        subject=_l("“%(title)s” disembunyikan moderator"),
        body=_l("Moderator jejaring menyembunyikan “%(title)s” karena melanggar aturan jejaring.\n\n"
                "Alasannya: %(reason)s\n\nAnda bisa menjawab di sini:\n%(link)s"),
        label=_l("Isi Anda disembunyikan moderator"),
        email_by_default=True,
    ),
    "moderation_changes_requested": Kind(
        params=("title", "reason"),
        sentence=_l("Moderator meminta perbaikan atas “%(title)s”: %(reason)s"),
        subject=_l("Moderator meminta perbaikan atas “%(title)s”"),
        body=_l("Moderator jejaring meminta Anda memperbaiki “%(title)s”.\n\nAlasannya: %(reason)s\n\n"
                "Anda bisa menjawab di sini:\n%(link)s"),
        label=_l("Moderator meminta perbaikan"),
        email_by_default=True,
    ),
    "moderation_warned": Kind(
        params=("title", "reason"),
        sentence=_l("Peringatan dari moderator tentang “%(title)s”: %(reason)s"),
        subject=_l("Peringatan dari moderator jejaring"),
        body=_l("Moderator jejaring memberi peringatan tentang “%(title)s”.\n\nAlasannya: %(reason)s\n\n"
                "Anda bisa menjawab di sini:\n%(link)s"),
        label=_l("Peringatan dari moderator"),
        email_by_default=True,
    ),
    "moderation_suspended": Kind(
        params=("title", "reason"),
        sentence=_l("Moderator menangguhkan akun %(title)s: %(reason)s"),
        subject=_l("Akun Jejaring Anda ditangguhkan"),
        body=_l("Moderator jejaring menangguhkan akun %(title)s karena melanggar aturan jejaring.\n\n"
                "Alasannya: %(reason)s\n\nBila menurut Anda ini keliru, hubungi admin jejaring Anda."),
        label=_l("Akun Anda ditangguhkan"),
        email_by_default=True,
    ),
    "moderation_restored": Kind(
        params=("title", "reason"),
        sentence=_l("Moderator memulihkan “%(title)s”: %(reason)s"),
        subject=_l("“%(title)s” dipulihkan"),
        label=_l("Isi atau akun Anda dipulihkan"),
        email_by_default=True,
    ),
    "moderation_answered": Kind(
        params=("person", "title"),
        sentence=_l("%(person)s menjawab keputusan moderasi atas “%(title)s”."),
        subject=_l("Jawaban atas keputusan moderasi: %(title)s"),
        label=_l("Jawaban atas keputusan moderasi Anda"),
        email_by_default=False,
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
