"""Small text helpers shared by the directory, coordination and the demo loader."""

import re
import unicodedata


def fold(text):
    """Lower-case and strip accents, so 'Sumbawa' matches 'SUMBAWA' and 'é' matches 'e'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text):
    """A URL-safe slug: 'Rumah Baca Senja!' becomes 'rumah-baca-senja'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "komunitas"
