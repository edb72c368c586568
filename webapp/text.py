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


# Words before a given name that are not one: honorifics and titles (Cut, Teuku, Raden, Haji,
# Dr.), and the Balinese I and Ni. "Cut Nurul Aini" is Nurul, "I Made Wirawan" is Made.
NAME_PREFIXES = {
    "i", "ni", "luh", "cut", "teuku", "tengku", "tgk", "raden", "r", "rr", "haji", "hajah", "hajjah",
    "h", "hj", "kh", "dr", "drs", "dra", "ir", "prof", "ust", "ustadz", "ustazah", "bapak",
    "pak", "ibu", "bu", "sdr", "sdri",
}  # fmt: skip


def first_name(full_name):
    """The name a person goes by, for showing less than the full name in public: the first
    word that is not a title or honorific; the whole name when there is nothing else."""
    words = (full_name or "").split()
    given = [word for word in words if fold(word).rstrip(".,") not in NAME_PREFIXES]
    return given[0] if given else full_name


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
# Each pattern may start only where its first run starts (the look-behind): otherwise a long
# word would be tried from every one of its letters, and a 60,000-character lesson took 28 s.
EMAIL_ADDRESS = re.compile(r"(?<![\w.+\-])[\w.+\-]+\s?(?:@|\[at\]|\(at\))\s?[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)

# E-mail addresses written to slip past a filter: "nama [at] gmail [dot] com", "nama at gmail
# dot com", "nama di gmail titik com". A bare "at" or "di" is everyday prose, so the spelled-out
# forms count only when they end in a domain ending people use, or name a mail provider.
_AT = r"(?:\s*@\s*|\s*[\[({<]\s*(?:at|et|di)\s*[\])}>]\s*|\s+(?:at|di)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[\[({<]\s*(?:dot|titik)\s*[\])}>]\s*|\s+(?:dot|titik)\s+)"
_ENDINGS = r"(?:com|id|net|org|info|biz|io|me|co|or|ac|go|sch|web|my)"
_PROVIDERS = r"(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|icloud|proton|protonmail)"
SPELLED_EMAIL_ADDRESS = re.compile(
    rf"(?<![\w.+\-])[\w.+\-]+{_AT}(?:[\w\-]+(?:{_DOT}[\w\-]+)*{_DOT}{_ENDINGS}\b|{_PROVIDERS}\b)",
    re.IGNORECASE,
)

# Digits written as words ("nol delapan satu dua ..."), in Indonesian and English, alone or run
# together ("noldelapan"); "kosong" is how a 0 is read out on the phone.
DIGIT_WORDS = {
    "nol": "0", "kosong": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5",
    "enam": "6", "tujuh": "7", "delapan": "8", "sembilan": "9",
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_DIGIT_WORD = re.compile("|".join(sorted(DIGIT_WORDS, key=len, reverse=True)))
_NUMBER_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# What may stand between the parts of one number: spaces, dots, dashes, commas, brackets.
_NUMBER_GAP = re.compile(r"[ \t.,\-/()+*_]{0,3}")
# A phone number read out: the Indonesian prefix (0 or 62) and at least eight more digits.
_PHONE_DIGITS = re.compile(r"(?:0|62)\d{8,}")


def _token_digits(token):
    """The digits a token stands for ('0812', 'delapan', 'noldelapan'), or None for a word."""
    if token.isdigit():
        return token
    words = _DIGIT_WORD.findall(fold(token))
    if words and "".join(words) == fold(token):
        return "".join(DIGIT_WORDS[w] for w in words)
    return None


def _number_runs(text):
    """Each run of numbers in the text, as (digits, whether a word was among them)."""
    digits, spelled, end = "", False, None
    for match in _NUMBER_TOKEN.finditer(text):
        value = _token_digits(match.group())
        joined = value is not None and end is not None and _NUMBER_GAP.fullmatch(text, end, match.start())
        if not joined and digits:
            yield digits, spelled
            digits, spelled = "", False
        if value is None:
            end = None
            continue
        digits += value
        spelled = spelled or not match.group().isdigit()
        end = match.end()
    if digits:
        yield digits, spelled


def has_spelled_phone_number(text):
    """True if the text reads out a phone number in words, or in words and digits mixed
    ("nol delapan satu dua ...", "0812 tiga empat ..."). Counting aloud ("nol, satu, dua, ...")
    and numbers in prose ("tahun 2019", "120 anggota", "dua belas") are not phone numbers."""
    return any(
        spelled and _PHONE_DIGITS.fullmatch(digits) and digits not in "0123456789"
        for digits, spelled in _number_runs(text or "")
    )


def has_contact_details(text):
    """True if the text holds something that looks like a phone number or an e-mail address,
    written plainly or spelled out to get past this very check."""
    text = text or ""
    return bool(
        PHONE_NUMBER.search(text)
        or EMAIL_ADDRESS.search(text)
        or SPELLED_EMAIL_ADDRESS.search(text)
        or has_spelled_phone_number(text)
    )
