"""Optimistic versioning: an edit form carries the version it was loaded at, and a save based
on an older version is refused and shown, never saved over what someone else saved meanwhile.

Used by every area whose records several people edit (community profiles, programs,
campaigns, courses, lessons). The notice is `templates/_conflict.html`.
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import flash, redirect

from webapp.extensions import db

LARGEST_VERSION = 2**31 - 1
# The status of a form refused because it was based on an older version.
STALE_EDIT = 409


@dataclass
class Conflict:
    """Someone saved between loading a form and submitting it; what they saved differs here."""

    saved_by: object | None  # the User who saved last, when known
    saved_at: datetime
    # (field name, saved value) for every field whose saved value differs from the submitted one.
    differences: list[tuple[str, object]] = field(default_factory=list)


class StaleEdit(Exception):
    """A service refused a save based on an older version; `conflict` says what differs."""

    def __init__(self, conflict):
        super().__init__("stale edit")
        self.conflict = conflict


def claim_version(item, expected):
    """Move `item` to its next version if it is still at `expected`; False if it is not.

    One guarded UPDATE, so of two people saving the same version at the same moment exactly
    one wins, and the other is told instead of silently overwriting.
    """
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        return False
    if not 0 < expected <= LARGEST_VERSION:
        return False
    model = type(item)
    result = db.session.execute(
        sa.update(model)
        .where(model.id == item.id, model.version == expected)
        .values(version=model.version + 1)
    )
    return result.rowcount == 1


def claim_status(item, expected, **values):
    """Move `item` out of one of the `expected` statuses, writing `values` (status included);
    False, with the session rolled back, if it has left them already.

    For what is answered once (a contact request, a partnership request, a volunteer offer, a
    meeting place): of two coordinators answering in two tabs, exactly one answer counts.
    """
    model = type(item)
    expected = expected if isinstance(expected, (list, tuple, set)) else [expected]
    result = db.session.execute(
        sa.update(model).where(model.id == item.id, model.status.in_(expected)).values(**values)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    return True


def save_edit(save, item, form, saved_message, next_url):
    """The route side of a versioned save, the same in every area.

    `save()` is the area's service, which raises StaleEdit when the form was stale.
    Saved: flash `saved_message` and return (a 303 to `next_url`, None). Stale: keep what the
    person typed but base the form on the version now saved (so saving again, after looking,
    goes through), and return (None, the Conflict) for the page to show with `STALE_EDIT`.
    """
    try:
        save()
    except StaleEdit as stale:
        form.version.data = str(item.version)
        return None, stale.conflict
    flash(saved_message, "success")
    return redirect(next_url, 303), None
