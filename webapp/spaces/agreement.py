"""What the partnering agreement is made of: its four parts and their fields, the scorecard's
ingredients, and how two versions differ.

The parts follow the Partnering Agreement Scorecard (The Partnering Initiative and the
Partnerships Resource Centre) that Jejaring's lessons teach: WHO, WHY, WHAT, HOW.
"""

import difflib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# The default review date: six months after the agreement is first written.
REVIEW_AFTER_DAYS = 182


@dataclass(frozen=True)
class Part:
    slug: str  # in the URL
    title: object
    fields: tuple  # AgreementVersion columns this part's form edits


PARTS = (
    Part("siapa", _l("SIAPA: para mitra"), ()),
    Part("mengapa", _l("MENGAPA: tujuan"), ("shared_goal", "objectives", "principles")),
    Part("apa", _l("APA: kegiatan dan sumber daya"),
         ("activities", "work_plan", "resources", "roles", "indicators")),
    Part("bagaimana", _l("BAGAIMANA: cara bekerja sama"),
         ("decisions", "communication", "disagreements", "confidentiality", "review_on", "leaving")),
)
PART_BY_SLUG = {part.slug: part for part in PARTS}

FIELD_LABELS = {
    "who": _l("Para mitra dan wakilnya"),
    "shared_goal": _l("Tujuan bersama"),
    "objectives": _l("Tujuan masing-masing mitra"),
    "principles": _l("Prinsip yang disepakati"),
    "activities": _l("Kegiatan"),
    "program_ids": _l("Program terkait"),
    "work_plan": _l("Rencana kerja"),
    "resources": _l("Sumber daya dari tiap mitra (uang, barang, jam kerja)"),
    "roles": _l("Peran dan tanggung jawab"),
    "indicators": _l("Tanda keberhasilan"),
    "decisions": _l("Cara mengambil keputusan"),
    "communication": _l("Irama komunikasi"),
    "disagreements": _l("Bila mitra tidak sepakat"),
    "confidentiality": _l("Kerahasiaan dan berbagi data"),
    "review_on": _l("Tanggal tinjauan"),
    "leaving": _l("Bila mitra keluar atau kemitraan berakhir"),
}
# Every field a version carries, in reading order.
ALL_FIELDS = ("who",) + tuple(f for part in PARTS for f in part.fields) + ("program_ids",)

# The scorecard: each ingredient rated by the partners.
RATINGS = (
    ("", _l("belum dinilai")),
    ("not_relevant", _l("tidak relevan")),
    ("missing", _l("belum ada")),
    ("partial", _l("sebagian ada")),
    ("full", _l("sudah ada sepenuhnya")),
)
RATING_LABELS = dict(RATINGS)
INGREDIENTS = (
    ("partners", _l("Para mitra dan wakil yang jelas")),
    ("goal", _l("Tujuan bersama yang disepakati")),
    ("objectives", _l("Tujuan tiap mitra diakui")),
    ("principles", _l("Prinsip kerja sama")),
    ("activities", _l("Kegiatan dan rencana kerja")),
    ("resources", _l("Sumber daya dari tiap mitra")),
    ("roles", _l("Peran dan tanggung jawab")),
    ("indicators", _l("Tanda keberhasilan")),
    ("decisions", _l("Cara mengambil keputusan")),
    ("communication", _l("Komunikasi yang teratur")),
    ("disagreements", _l("Penyelesaian perbedaan pendapat")),
    ("confidentiality", _l("Kerahasiaan dan data")),
    ("review", _l("Tinjauan berkala")),
    ("exit", _l("Keluar dan mengakhiri")),
)


def as_text(value):
    """A field's value as the lines a diff compares (dates and program lists included)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def differences(before, after, describe=as_text):
    """What changed between two versions, per field: [(label, [(sign, line), ...])].

    `sign` is "-" (removed), "+" (added) or " " (unchanged, for context). `before` may be None
    (the first version: everything is added). `describe(field, value)` turns a value into text.
    """
    changes = []
    for name in ALL_FIELDS:
        old = describe(name, getattr(before, name)) if before is not None else ""
        new = describe(name, getattr(after, name))
        if old == new:
            continue
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(old.splitlines(), new.splitlines())
            if line[0] in "-+ "
        ]
        changes.append((FIELD_LABELS[name], lines))
    return changes

# The WHO entry each partner writes for itself.
FIELD_LABELS_WHO = {
    "representative": _l("Wakil"),
    "brings": _l("Membawa"),
    "wants": _l("Ingin mendapat"),
}

# Why an action cannot be done now, as the person is told.
MESSAGES = {
    "already_partner": _l("Komunitas itu sudah menjadi mitra."),
    "already_invited": _l("Komunitas itu sudah diundang dan belum menjawab."),
    "invitation_answered": _l("Undangan ini sudah dijawab."),
    "end_instead": _l("Dengan dua mitra, kemitraan tidak bisa ditinggalkan: akhiri saja (selesai) dengan catatan penutup."),
    "not_facilitator": _l("Tidak ada fasilitator Jejaring dengan e-mail itu."),
    "ended": _l("Kemitraan ini sudah selesai; riwayatnya tetap bisa dibaca."),
    "not_ended": _l("Catatan penutup ditulis saat kemitraan diakhiri."),
    "newer_version": _l("Sudah ada versi yang lebih baru. Baca versi terbaru lalu akui versi itu."),
    "round_open": _l("Cek kesehatan terakhir masih berjalan: hasilnya terbuka setelah semua mitra menjawab atau 7 hari berlalu."),
    "round_closed": _l("Hasil cek kesehatan ini sudah terbuka; jawaban tidak bisa diubah lagi."),
    "enough_improvements": _l("Sudah ada dua perbaikan untuk putaran ini: cukup yang bisa benar-benar dikerjakan."),
}
