"""What admins do to the data that more than one view needs."""

from flask import url_for

from webapp.extensions import db
from webapp.models import record_audit, utcnow
from webapp.notifications import notify_coordinators


def set_verified(community, verified, verifier):
    """Give or take away the verified badge; its coordinators are told. False when the community
    already was as asked (a second click, or two admins at once), so nothing is recorded twice."""
    if community.is_verified == verified:
        return False
    community.verified_at = utcnow() if verified else None
    community.verified_by_id = verifier.id if verified else None
    action = "verified" if verified else "unverified"
    record_audit(f"community.{action}", actor=verifier, community=community)
    notify_coordinators(community, f"community_{action}", link=url_for("directory.profile", slug=community.slug),
                        community=community.name)
    db.session.commit()
    return True
