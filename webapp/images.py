"""The image pipeline: check an upload, strip what it says about the uploader, keep small WebPs.

Uploads come from phones: photos with GPS in their EXIF, sideways because of their orientation
tag, several megabytes large. What is stored is only small WebP sizes of the picture, re-encoded
from the pixels, so no metadata survives, and kept in the database so any app server can serve
them (see the media blueprint).
"""

import hashlib
import io
import warnings

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from limits import parse
from PIL import Image as Picture
from PIL import ImageOps
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.extensions import db, limiter
from webapp.models import Image, ImageVariant

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Pillow warns above this many pixels and refuses above twice as many; we refuse above it.
# Phone cameras write JPEGs of up to 50 megapixels, which are decoded at a fraction of their
# size (JPEG can skip detail while decoding); other formats must be decoded whole, so they
# get a smaller limit: a 40-megapixel PNG of 130 KB would hold a worker for seconds.
Picture.MAX_IMAGE_PIXELS = 50_000_000
MAX_PIXELS_DECODED_WHOLE = 16_000_000
MAX_SIDE = 12_000
LOGO_WIDTHS = (64, 128, 256)
# Lesson pictures fill the text column: 360 px for a phone at 1x, 720 px at 2x.
LESSON_WIDTHS = (360, 720)
WEBP_QUALITY = 80


class ImageRejected(ValueError):
    """The upload is not a picture we accept; `message` says why, in words for the uploader."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Every upload holds a worker for a decode and several encodes, accepted or not: per account,
# logos and lesson pictures together, counted in the limiter's storage that every app server
# shares (Redis in production).
UPLOADS_PER_HOUR = 30
UPLOAD_LIMIT = parse(f"{UPLOADS_PER_HOUR}/hour")


def count_upload(user):
    """Count one picture upload by `user`; ImageRejected once the hour's allowance is used up."""
    if limiter.enabled and not limiter.limiter.hit(UPLOAD_LIMIT, "picture-upload", str(user.id)):
        raise ImageRejected(_(
            "Anda sudah mengunggah %(num)s gambar dalam satu jam. Batas ini menjaga server tetap cepat "
            "untuk semua orang; coba lagi nanti.", num=UPLOADS_PER_HOUR,
        ))


def store_lesson_image(data):
    """Store a picture for a lesson: its own shape kept, in the lesson sizes."""
    return store_image(data, widths=LESSON_WIDTHS, square=False)


def picture_key(data, square):
    """The stored picture's name: the SHA-256 of its bytes, and of its purpose for a lesson
    picture, so the same photo used as a logo (square) and in a lesson (its own shape) is
    stored twice instead of handing the lesson the logo's square crop."""
    return hashlib.sha256(data if square else b"lesson\0" + data).hexdigest()


def store_image(data, widths=LOGO_WIDTHS, square=True):
    """Check `data`, store its WebP sizes and return the Image (added to the session, not committed).

    The same bytes uploaded twice give the same Image. A variant's `width` is its size slot
    (64, 128, 256): its pixels are never wider, and narrower when the original is, because
    upscaling adds bytes and no detail.
    """
    if len(data) > current_app.config["LOGO_MAX_BYTES"]:
        raise RequestEntityTooLarge()
    if not data:
        raise ImageRejected(_("Pilih berkas gambar terlebih dahulu."))
    sha256 = picture_key(data, square)
    image = db.session.scalar(sa.select(Image).where(Image.sha256 == sha256))
    if image is not None:
        return image

    picture, (width, height) = _decode(data, max(widths))
    image = Image(sha256=sha256, width=width, height=height)
    for width in widths:
        variant = _resize(picture, width, square)
        webp = _encode_webp(variant)
        image.variants.append(
            ImageVariant(width=width, height=variant.height, size=len(webp), data=webp)
        )
    db.session.add(image)
    return image


def _decode(data, needed):
    """Open and decode the bytes, refusing anything that is not a sane picture.

    A JPEG is decoded at the smallest scale still at least twice `needed` pixels wide, which
    costs a fraction of the time and memory of the full picture. Returns the decoded picture,
    upright, and the full picture's upright (width, height).
    """
    not_a_picture = _("Berkas ini bukan gambar JPEG, PNG, WebP atau GIF yang bisa dibaca.")
    too_large = _("Ukuran gambar ini terlalu besar (paling besar %(side)s piksel per sisi).", side=MAX_SIDE)
    # A decompression bomb is a small file that declares a huge picture: refuse it from the
    # header alone, before Pillow allocates memory for its pixels.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Picture.DecompressionBombWarning)
        try:
            picture = Picture.open(io.BytesIO(data))
        except (Picture.DecompressionBombError, Picture.DecompressionBombWarning):
            raise ImageRejected(too_large) from None
        except Exception:
            # Pillow signals unreadable input with many exception types (OSError, SyntaxError...).
            raise ImageRejected(not_a_picture) from None
        # The format comes from the bytes; the file name and the browser's content type can lie.
        if picture.format not in ACCEPTED_FORMATS:
            raise ImageRejected(not_a_picture)
        width, height = picture.size
        if width * height > Picture.MAX_IMAGE_PIXELS or max(width, height) > MAX_SIDE:
            raise ImageRejected(too_large)
        if picture.format == "JPEG":
            picture.draft("RGB", (2 * needed, 2 * needed))
        elif width * height > MAX_PIXELS_DECODED_WHOLE:
            raise ImageRejected(too_large)
        try:
            # Phones store photos sideways with an orientation tag; turn the pixels instead.
            picture = ImageOps.exif_transpose(picture)
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            picture = picture.convert("RGBA" if has_alpha else "RGB")
        except Exception:
            raise ImageRejected(not_a_picture) from None
    if (picture.width > picture.height) != (width > height):  # turned by its orientation tag
        width, height = height, width
    return picture, (width, height)


def _resize(picture, width, square):
    if square:
        side = min(width, picture.width, picture.height)
        return ImageOps.fit(picture, (side, side), method=Picture.Resampling.LANCZOS)
    if picture.width <= width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Picture.Resampling.LANCZOS)


def _encode_webp(picture):
    # Pillow writes EXIF, XMP or ICC into a WebP only when asked; nothing is passed, so the
    # GPS position and camera details of the original do not survive.
    buffer = io.BytesIO()
    picture.save(buffer, "WEBP", quality=WEBP_QUALITY)
    return buffer.getvalue()
