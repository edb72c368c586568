"""Ticket codes: 8 characters read out at a door or typed on a phone, so none that look alike."""

import re
import secrets

# No 0/O, 1/I/L: a code read from a crumpled printout or a dim screen has one reading.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
CODE_PATTERN = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def is_token(value):
    """The signed text of a ticket's QR (webapp.signing: three dot-separated parts), not a code."""
    return value.count(".") == 2 and len(value) < 1000


def normalise_code(value):
    """A code as people type it ("abcd-2345", "ABCD 2345") as it is stored; a QR's text as it is."""
    if not isinstance(value, str) or is_token(value):
        return value
    return re.sub(r"[\s-]", "", value).upper()
