"""Serving stored images: their bytes never change, so browsers and proxies keep them a year."""

import re

import sqlalchemy as sa
from flask import abort, make_response, request

from webapp.extensions import db
from webapp.media import bp
from webapp.models import Image, ImageVariant

ONE_YEAR = 365 * 24 * 3600
SHA256 = re.compile(r"[0-9a-f]{64}")


@bp.get("/<sha>-<int(max=4096):width>.webp")
def image(sha, width):
    """One WebP size of an image, addressed by the original's sha256 and the size slot."""
    if not SHA256.fullmatch(sha):
        abort(404)
    data = db.session.scalar(
        sa.select(ImageVariant.data)
        .join(Image)
        .where(Image.sha256 == sha, ImageVariant.width == width)
    )
    if data is None:
        abort(404)
    response = make_response(data)
    response.content_type = "image/webp"
    response.set_etag(f"{sha}-{width}")
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response.make_conditional(request)
