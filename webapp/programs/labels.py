"""How program statuses and resources read to people, in one place for every page that shows them."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "planned": _l("Direncanakan"),
    "running": _l("Berjalan"),
    "finished": _l("Selesai"),
}

# What a program seeks or offers (models.RESOURCES), as the checkboxes and reasons name it.
RESOURCE_LABELS = {
    "funding": _l("dana"),
    "volunteers": _l("relawan"),
    "expertise": _l("keahlian"),
    "venue": _l("tempat kegiatan"),
    "materials": _l("bahan dan buku"),
    "equipment": _l("peralatan"),
    "outreach": _l("jangkauan dan publikasi"),
    "training": _l("pelatihan"),
}
