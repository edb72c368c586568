"""How program resources read to people, in one place for every page that shows them.

A program's status carries its own label (webapp.models.ProgramStatus).
"""

from flask_babel import lazy_gettext as _l

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
