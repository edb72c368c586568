"""Uploaded pictures and their WebP sizes, kept in the database."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import utcnow


class Image(db.Model):
    """An uploaded picture, kept in the database so any app server can serve it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    variants: Mapped[list["ImageVariant"]] = relationship(
        back_populates="image", cascade="all, delete-orphan", order_by="ImageVariant.width"
    )


class ImageVariant(db.Model):
    """One WebP size of an image; its bytes never change, so it is cached for a year."""

    __table_args__ = (sa.UniqueConstraint("image_id", "width"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[int] = mapped_column(sa.ForeignKey("image.id", ondelete="CASCADE"))
    width: Mapped[int]
    height: Mapped[int]
    # Shown on data-saver placeholders ("Gambar, 3 KB"); the bytes load only when served.
    size: Mapped[int] = mapped_column(default=0)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    image: Mapped[Image] = relationship(back_populates="variants")
