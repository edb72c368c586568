"""What every area's models share: naive UTC timestamps.

Timestamps are naive UTC everywhere (`utcnow`), because SQLite drops time zones and
comparing aware with naive values fails; the templates show them in Asia/Jakarta.
"""

from datetime import datetime, timezone


def utcnow():
    return datetime.now(timezone.utc).replace(tzinfo=None)
