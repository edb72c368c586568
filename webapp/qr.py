"""QR codes drawn on the server as inline SVG: small, sharp on paper, no script needed."""

import segno
from markupsafe import Markup


def qr_svg(text, scale=4):
    """An inline SVG of `text` as a normal QR code (never Micro QR, which phones often can't read)."""
    code = segno.make_qr(text, error="m")
    return Markup(code.svg_inline(scale=scale, border=2, omitsize=False))
