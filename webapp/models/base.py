"""What every area's models share: naive UTC timestamps, statuses with labels, the columns of an edited record.

Timestamps are naive UTC everywhere (`utcnow`), because SQLite drops time zones and
comparing aware with naive values fails; the templates show them in Asia/Jakarta.
"""

from datetime import datetime, timezone
from enum import StrEnum

from sqlalchemy.orm import Mapped, mapped_column


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Status(StrEnum):
    """A status stored as its value (a plain string column), written next to its label:

        RUNNING = "running", _l("Berjalan")

    `ProgramStatus("running").label` reads "Berjalan" in the reader's language.
    """

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Versioned:
    """A record people edit: when it was created and last saved, and its version.

    The version is bumped on every save; a form carrying an older number is a stale edit.
    Who saved it last (`updated_by_id`) stays with each model: their foreign keys differ.
    """

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)


class Hideable:
    """A record a moderator can hide for breaking the network's rules (webapp.moderation).

    Hidden, it leaves every public list and page; its owners keep it, and a moderator can show
    it again.
    """

    hidden_at: Mapped[datetime | None]

    @property
    def is_hidden(self):
        return self.hidden_at is not None
