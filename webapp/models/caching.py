"""The data version: one number that changes whenever data a shared page may show changes."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class DataVersion(db.Model):
    """One row: the version of the data behind shared pages (see webapp.pagecache).

    It lives in the database, so every app server and worker sees a change at once, and it
    is bumped in the same transaction as the change: a reader sees the new number only
    together with the new data.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
