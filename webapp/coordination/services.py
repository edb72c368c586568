"""What coordinating a community does to the data: registering, saving without overwriting
someone else's edit, inviting and handing over. The views decide what the person sees.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from webapp.converters import LARGEST_ID
from webapp.extensions import db
from webapp.notifications import notify
from webapp.models import (
    AuditEvent,
    Campaign,
    Category,
    Community,
    Coordinatorship,
    District,
    Invitation,
    Program,
    ProgramStatus,
    Province,
    Regency,
    User,
    record_audit,
    utcnow,
)
from webapp.programs import services as registry
from webapp.programs.labels import RESOURCE_LABELS
from webapp.regions import find_regency, is_regency_code
from webapp.text import has_contact_details, slugify
from webapp.versioning import Conflict, StaleEdit, claim_version

# Paths under /kelola/ that a community's slug must not shadow.
RESERVED_SLUGS = {"komunitas-baru", "wilayah", "undangan"}
PROFILE_FIELDS = (
    "name", "headline", "vision", "mission", "categories", "province", "regency",
    "founded_year", "member_count", "email", "phone", "website", "instagram", "facebook",
)
CONTACT_FIELDS = ("email", "phone", "website", "instagram", "facebook")
PROGRAM_FIELDS = (
    "title", "category_id", "target_group", "regency_code", "district_code", "status",
    "starts_on", "ends_on", "seeks", "offers", "description",
)
CAMPAIGN_FIELDS = ("title", "description", "starts_on", "ends_on")
INVITATION_LIFETIME = timedelta(days=7)



def unique_slug(name):
    """A slug from the name, with -2, -3... when it is taken (or is one of our own paths)."""
    base = slugify(name)[:120].strip("-") or "komunitas"
    taken = set(db.session.scalars(sa.select(Community.slug).where(Community.slug.like(f"{base}%"))))
    taken |= RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def remembered_regency(chosen, remembered):
    """The kabupaten/kota to keep in mind beside the select: the one chosen now, else the one
    chosen before (while the person looks at another province and may come back)."""
    if is_regency_code(chosen):
        return chosen
    return remembered if is_regency_code(remembered) else None


def program_radar(community, values):
    """The duplication radar for the program form as it is now (its values by field name):
    the chosen focus, or the one the title names, in the chosen kabupaten/kota."""
    chosen = values["category_id"]
    category = db.session.get(Category, chosen) if chosen and 0 < chosen <= LARGEST_ID else None
    if category is None:
        category = registry.guess_category(values["title"])
    regency = find_regency(values["regency_code"], values["province"])
    return registry.similar_programs(category, regency, community)


def program_text_has_contacts(values):
    """True when a text of the program form holds a phone number or e-mail (warned while typing)."""
    return any(has_contact_details(values[name]) for name in ("title", "target_group", "description"))


def _comparable(value):
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        return sorted(value)
    return value


def profile_values(community):
    """The saved profile as the form's field names and values."""
    return {
        "name": community.name,
        "headline": community.headline,
        "vision": community.vision,
        "mission": community.mission,
        "categories": [c.id for c in community.categories],
        "province": community.province_code,
        "regency": community.regency_code,
        "founded_year": community.founded_year,
        "member_count": community.member_count,
        **{name: getattr(community, name) for name in CONTACT_FIELDS},
        "version": community.version,
    }


def _differing(saved, submitted, names):
    return [name for name in names if _comparable(saved[name]) != _comparable(submitted[name])]


def unsaved_profile_changes(community, values):
    """The profile fields where the (unsaved) values differ from the saved profile."""
    return _differing(profile_values(community), values, PROFILE_FIELDS)


def apply_profile(community, values):
    """Write the profile's values (by the form's field names) onto the community."""
    community.name = values["name"]
    community.headline = values["headline"]
    community.vision = values["vision"] or ""
    community.mission = values["mission"] or ""
    community.categories = list(
        db.session.scalars(sa.select(Category).where(Category.id.in_(values["categories"])))
    )
    community.province_code = values["province"]
    community.regency_code = values["regency"]
    community.founded_year = values["founded_year"]
    community.member_count = values["member_count"]
    for name in CONTACT_FIELDS:
        setattr(community, name, values[name] or None)


def register_community(values, founder):
    """Create the community from the profile's values; the founder becomes its first coordinator."""
    community = Community(slug=unique_slug(values["name"]), updated_by_id=founder.id)
    apply_profile(community, values)
    community.coordinatorships.append(Coordinatorship(user_id=founder.id))
    community.refresh_search_text()
    db.session.add(community)
    record_audit("community.registered", actor=founder, community=community)
    db.session.commit()
    return community


def save_profile(community, values, editor):
    """Save the profile's values; StaleEdit when someone saved since `values["version"]`."""
    if not claim_version(community, values["version"]):
        db.session.rollback()
        saved = profile_values(community)
        differing = _differing(saved, values, PROFILE_FIELDS)
        raise StaleEdit(Conflict(
            community.updated_by, community.updated_at, [(name, saved[name]) for name in differing]
        ))
    before = profile_values(community)
    apply_profile(community, values)
    changed = _differing(before, profile_values(community), PROFILE_FIELDS)
    community.updated_at = utcnow()
    community.updated_by_id = editor.id
    community.refresh_search_text()
    record_audit("community.updated", actor=editor, community=community, fields=changed)
    db.session.commit()


def set_logo(community, image, editor):
    community.logo = image
    record_audit("community.logo_changed", actor=editor, community=community, image=image.sha256)
    db.session.commit()


@dataclass(frozen=True)
class ItemKind:
    """Programs and campaigns are kept the same way; this says where each differs."""

    name: str  # in audit actions ("program.created") and their details ("program_id")
    collection: str  # the Community relationship that holds them
    fields: tuple


ITEM_KINDS = {
    Program: ItemKind("program", "programs", PROGRAM_FIELDS),
    Campaign: ItemKind("campaign", "campaigns", CAMPAIGN_FIELDS),
}


def describe_value(name, value):
    """A saved value of the field `name` as the text the person would type or pick in the form."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if name in ("seeks", "offers"):
        return ", ".join(str(RESOURCE_LABELS.get(key, key)) for key in value)
    if name == "status":
        try:
            return str(ProgramStatus(value).label)
        except ValueError:
            return str(value)
    if name in ("category_id", "regency_code", "district_code"):
        model = {"category_id": Category, "regency_code": Regency, "district_code": District}[name]
        place = db.session.get(model, value)
        return place.name if place else str(value)
    return str(value)


def describe_profile_value(name, value):
    """Like describe_value, with names for the category ids and region codes."""
    if name == "categories":
        names = db.session.scalars(sa.select(Category.name).where(Category.id.in_(value or [])))
        return ", ".join(names)
    if name in ("province", "regency") and value:
        place = db.session.get(Province if name == "province" else Regency, value)
        return place.name if place else value
    return describe_value(name, value)


def _item_values(item, names):
    return {name: getattr(item, name) for name in names}


def _audit_item(action, item, community, editor, **details):
    kind = ITEM_KINDS[type(item)]
    record_audit(
        f"{kind.name}.{action}", actor=editor, community=community,
        **{f"{kind.name}_id": item.id}, title=item.title, **details,
    )


def _last_editor(item):
    """Who last created or changed a program or campaign, read from the audit trail."""
    kind = ITEM_KINDS[type(item)].name
    return db.session.scalar(
        sa.select(User)
        .join(AuditEvent, AuditEvent.actor_id == User.id)
        .where(
            AuditEvent.community_id == item.community_id,
            AuditEvent.action.in_([f"{kind}.created", f"{kind}.updated"]),
            AuditEvent.details[f"{kind}_id"].as_integer() == item.id,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def add_item(community, item, values, editor):
    """Add a new program or campaign to the community, from its values by field name."""
    kind = ITEM_KINDS[type(item)]
    for name in kind.fields:
        setattr(item, name, values[name])
    getattr(community, kind.collection).append(item)
    db.session.flush()
    community.refresh_search_text()
    _audit_item("created", item, community, editor)
    db.session.commit()
    return item


def save_item(item, values, editor):
    """Save an edited program or campaign; StaleEdit, with what was saved meanwhile, when
    someone saved since `values["version"]`."""
    names = ITEM_KINDS[type(item)].fields
    if not claim_version(item, values["version"]):
        db.session.rollback()
        saved = _item_values(item, names)
        differing = _differing(saved, values, names)
        raise StaleEdit(Conflict(_last_editor(item), item.updated_at, [(name, saved[name]) for name in differing]))
    before = _item_values(item, names)
    for name in names:
        setattr(item, name, values[name])
    item.updated_at = utcnow()
    if isinstance(item, Program):
        # Saving a program is a coordinator saying it is current.
        item.last_confirmed_at = item.updated_at
    item.community.refresh_search_text()
    changed = _differing(before, _item_values(item, names), names)
    _audit_item("updated", item, item.community, editor, fields=changed)
    db.session.commit()


def delete_item(item, editor):
    """Delete a program or campaign; the community's search text forgets its title."""
    community = item.community
    # Through the collection, so the search text below no longer sees the item.
    getattr(community, ITEM_KINDS[type(item)].collection).remove(item)
    community.refresh_search_text()
    _audit_item("deleted", item, community, editor)
    db.session.commit()


def confirm_program(program, editor):
    """A coordinator says the program is still as recorded: it is current again for six months."""
    program.last_confirmed_at = utcnow()
    _audit_item("confirmed", program, program.community, editor)
    db.session.commit()


def close_program(program, editor):
    """Mark the program finished; it stays in the community's history and leaves the radar.

    The version moves on, so an edit form opened before the closing cannot reopen it unnoticed.
    """
    now = utcnow()
    program.status = ProgramStatus.FINISHED
    if program.ends_on is None or program.ends_on > now.date():
        program.ends_on = now.date()
    program.last_confirmed_at = program.updated_at = now
    program.version += 1
    _audit_item("closed", program, program.community, editor)
    db.session.commit()


def stale_programs(community):
    """The community's programs that nobody confirmed for six months: the coordinator is asked."""
    return [program for program in community.programs if program.is_stale()]


def recent_events(community, limit=20):
    """The community's own audit trail, newest first."""
    return db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.community_id == community.id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .options(selectinload(AuditEvent.actor), selectinload(AuditEvent.subject_user))
    ).all()


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_invitation(community, email, inviter):
    """Add an invitation to the session and return its token, which is stored only hashed."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invitation(
            community=community,
            email=email,
            token_hash=hash_token(token),
            invited_by_id=inviter.id,
            expires_at=utcnow() + INVITATION_LIFETIME,
        )
    )
    record_audit("coordinator.invited", actor=inviter, community=community, email=email)
    return token


def pending_invitations(community):
    return db.session.scalars(
        sa.select(Invitation)
        .where(
            Invitation.community_id == community.id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.id)
    ).all()


def find_invitation(token):
    return db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == hash_token(token)))


def accept_invitation(invitation, user):
    """The invited person becomes a coordinator (once, however often they click)."""
    community = invitation.community
    if not is_coordinator(community, user):
        db.session.add(Coordinatorship(community=community, user_id=user.id))
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    record_audit(
        "coordinator.joined", actor=user, community=community, subject_user=user,
        invited_by_id=invitation.invited_by_id,
    )
    db.session.commit()


def is_coordinator(community, user):
    return db.session.scalar(
        sa.select(Coordinatorship.id).where(
            Coordinatorship.community_id == community.id, Coordinatorship.user_id == user.id
        )
    ) is not None


def _lock_coordinators(community):
    """Serialise changes to a community's coordinators, so two people leaving at once cannot
    leave it with none (PostgreSQL locks the row; SQLite already has a single writer)."""
    db.session.execute(sa.select(Community.id).where(Community.id == community.id).with_for_update())
    return db.session.scalar(
        sa.select(sa.func.count(Coordinatorship.id)).where(Coordinatorship.community_id == community.id)
    )


def _leave(community, user):
    db.session.execute(
        sa.delete(Coordinatorship).where(
            Coordinatorship.community_id == community.id, Coordinatorship.user_id == user.id
        )
    )


def step_down(community, user):
    """The user stops coordinating; refused (False) when they are the last coordinator."""
    if _lock_coordinators(community) <= 1:
        db.session.rollback()
        return False
    _leave(community, user)
    record_audit("coordinator.stepped_down", actor=user, community=community, subject_user=user)
    db.session.commit()
    return True


def hand_over(community, user, successor):
    """Hand coordination to another coordinator and step down in one go."""
    _lock_coordinators(community)
    if not is_coordinator(community, successor):
        db.session.rollback()
        return False
    _leave(community, user)
    record_audit(
        "coordination.handed_over", actor=user, community=community, subject_user=successor,
        from_user_id=user.id, to_user_id=successor.id,
    )
    notify(
        successor, "coordination_handed_over", link=url_for("coordination.overview", slug=community.slug),
        community=community.name, previous=user.name,
    )
    db.session.commit()
    return True


def remove_coordinator(community, admin, user):
    """An admin removes a coordinator; refused (False) for the last one."""
    if _lock_coordinators(community) <= 1:
        db.session.rollback()
        return False
    _leave(community, user)
    record_audit("coordinator.removed", actor=admin, community=community, subject_user=user)
    db.session.commit()
    return True
