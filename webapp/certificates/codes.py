"""Certificate codes people read aloud and type: "7KQM-4XRT-9HWC".

Twelve characters from 31 that cannot be mistaken for one another (no 0/O, 1/I/L), the last a
check character: the weighted sum of the first eleven (weights 1..11) modulo 31. As 31 is prime,
any one wrong character and any two neighbours swapped change the check, so a typo is told
apart from a code that was never issued.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12
GROUP = 4


class CodeMistyped(Exception):
    """Not a code that could ever have been issued: a character too many or few, or a typo."""


def _check(body):
    return ALPHABET[sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body)) % len(ALPHABET)]


def new_code():
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + _check(body)


def parse(text):
    """The code as stored, from what a person typed (any case, spaces or dashes between groups);
    raises CodeMistyped when it cannot be a real code."""
    code = "".join(ch for ch in text.upper() if ch not in " -")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code) or _check(code[:-1]) != code[-1]:
        raise CodeMistyped(text)
    return code


def grouped(code):
    """The code in groups of four, for reading aloud and printing."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
