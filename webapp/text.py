"""Small text helpers shared by the directory, coordination and the demo loader."""

import re
import unicodedata

# Control characters (NUL above all, which PostgreSQL refuses) never belong in typed text;
# line breaks and tabs do, in text areas.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold(text):
    """Lower-case and strip accents, so 'Sumbawa' matches 'SUMBAWA' and 'é' matches 'e'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text):
    """A URL-safe slug: 'Rumah Baca Senja!' becomes 'rumah-baca-senja'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "komunitas"


def clean_line(value):
    """Form filter for one-line fields: strip the ends and drop every control character."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable()).strip()
    return value


def clean_typed_text(value):
    """Form filter for text areas: strip the ends and drop control characters, keeping line breaks."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value).strip()
    return value
