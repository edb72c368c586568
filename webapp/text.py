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


# Contact details in free text. Phone numbers as Indonesians write them: 0812-3456-7890,
# +62 812 3456 7890, (021) 555 1234; at least eight digits after the prefix, so years
# ("2015-2020") and sums ("Rp 100.000") are not mistaken for one.
PHONE_NUMBER = re.compile(r"(?<![\w+])(?:\+62|62|0)[\s.\-]?\(?\d{2,4}\)?(?:[\s.\-]?\d){5,10}(?!\d)")
EMAIL_ADDRESS = re.compile(r"[\w.+\-]+\s?(?:@|\[at\]|\(at\))\s?[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)


def has_contact_details(text):
    """True if the text holds something that looks like a phone number or an e-mail address."""
    text = text or ""
    return bool(PHONE_NUMBER.search(text) or EMAIL_ADDRESS.search(text))
