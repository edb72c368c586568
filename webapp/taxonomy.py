"""The agreed focus categories a new installation starts with; admins manage them afterwards."""

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Category

DEFAULT_CATEGORIES = [
    ("pendidikan", "Pendidikan", "Education"),
    ("literasi", "Literasi", "Literacy"),
    ("sosial", "Sosial", "Social welfare"),
    ("lingkungan", "Lingkungan", "Environment"),
    ("kesehatan", "Kesehatan", "Health"),
    ("ekonomi", "Ekonomi", "Livelihoods"),
    ("seni-budaya", "Seni dan budaya", "Arts and culture"),
    ("kepemudaan", "Kepemudaan", "Youth"),
    ("kebencanaan", "Kebencanaan", "Disaster response"),
    ("disabilitas", "Disabilitas dan inklusi", "Disability and inclusion"),
    ("pangan", "Pertanian dan pangan", "Farming and food"),
    ("perempuan-anak", "Perempuan dan anak", "Women and children"),
]


def load_default_categories():
    """Add the default categories that are missing (by slug); returns how many were added."""
    known = set(db.session.scalars(sa.select(Category.slug)))
    added = 0
    for position, (slug, name, name_en) in enumerate(DEFAULT_CATEGORIES):
        if slug not in known:
            db.session.add(Category(slug=slug, name=name, name_en=name_en, position=position))
            added += 1
    db.session.commit()
    return added
