"""How audit events read to people: one label for each action the app records."""

from flask_babel import lazy_gettext as _l

# How the audit log reads each known action; an unknown one is shown as it is stored.
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
    "partnership.accepted": _l("menerima ajakan bermitra dari"),
    "partnership.declined": _l("menolak ajakan bermitra dari"),
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
    "course.saved": _l("menyimpan kursus"),
    "lesson.saved": _l("menyimpan pelajaran"),
    "lesson.picture_added": _l("menambah gambar ke pelajaran"),
}
