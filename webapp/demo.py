"""Demo content: invented communities and people, so a fresh install has something to show.

The content itself is data (data/demo_communities.json); this module only turns it into rows.
Campaign and program dates in the data are days relative to the day of loading, so some
campaigns are always running and some have always ended, and the same programs are always
stale (unconfirmed for over six months).
"""

import io
import json
import os
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from PIL import Image as Picture
from PIL import ImageDraw, ImageFont
from werkzeug.security import generate_password_hash

from webapp.extensions import db
from webapp.images import store_image
from webapp.models import (
    Campaign,
    Category,
    Community,
    Coordinatorship,
    Program,
    Role,
    User,
    utcnow,
)
from webapp.regions import DATA_DIR, load_regions
from webapp.taxonomy import load_default_categories
from webapp.text import slugify

DEMO_PASSWORD = "jejaring-demo"
# Every demo person's address is in this reserved domain (RFC 2606), which no mail can reach.
DEMO_EMAIL_DOMAIN = "jejaring.test"
DEMO_FILE = os.path.join(DATA_DIR, "demo_communities.json")
# The demo member who holds the certificate of the first course.
CERTIFICATE_HOLDER = "nurul.aini@jejaring.test"


def read_demo_data():
    with open(DEMO_FILE, encoding="utf-8") as f:
        return json.load(f)


def load_demo(today=None):
    """Load regions, categories and the demo people and communities that are still missing.

    Safe to run again: people are matched by e-mail and communities by slug. Returns how many
    of each were added.
    """
    counts = {"regions": load_regions(), "categories": load_default_categories()}
    data = read_demo_data()
    users, counts["users"] = _add_people(data["people"])
    # The verifier's id is needed below, and new users only get one when flushed.
    db.session.flush()
    verifier = next(users[p["email"]] for p in data["people"] if p["role"] == Role.ADMIN)
    counts["communities"] = _add_communities(
        data["communities"], users, verifier, today or date.today()
    )
    from webapp.demo_courses import give_demo_certificate, load_demo_courses

    counts["courses"] = load_demo_courses()
    db.session.flush()
    # One demo member holds a certificate, so its pages (and /v/<code>) have something to show.
    give_demo_certificate(users[CERTIFICATE_HOLDER], "dasar-kemitraan")

    from webapp.demo_spaces import load_demo_partnerships

    counts["partnerships"] = load_demo_partnerships()

    from webapp.demo_meetings import load_demo_meetings

    counts["meetings"] = load_demo_meetings()
    db.session.commit()
    return counts


def _add_people(people):
    emails = [p["email"] for p in people]
    users = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(emails)))}
    # One hash for all: scrypt is slow on purpose, and every demo account has the same
    # published password anyway.
    password_hash = generate_password_hash(DEMO_PASSWORD)
    added = 0
    for person in people:
        if person["email"] in users:
            continue
        user = User(
            email=person["email"], name=person["name"], role=person["role"], password_hash=password_hash,
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        users[user.email] = user
        added += 1
    return users, added


def _add_communities(entries, users, verifier, today):
    known_slugs = set(db.session.scalars(sa.select(Community.slug)))
    categories = {c.slug: c for c in db.session.scalars(sa.select(Category))}
    now = utcnow()
    added = 0
    for number, entry in enumerate(entries):
        slug = slugify(entry["name"])
        if slug in known_slugs:
            continue
        # Spread the dates over past months, so the lists and the admin queue look lived in.
        created = now - timedelta(days=4 * number + 14)
        verified = entry["verified"]
        community = Community(
            slug=slug,
            name=entry["name"],
            headline=entry["headline"],
            vision=entry["vision"],
            mission="\n".join(entry["mission"]),
            founded_year=entry["founded_year"],
            member_count=entry["member_count"],
            province_code=entry["regency"][:2],
            regency_code=entry["regency"],
            email=entry["email"],
            phone=entry["phone"],
            public_email=entry.get("public_email"),
            website=entry.get("website"),
            instagram=entry.get("instagram"),
            categories=[categories[s] for s in entry["categories"]],
            coordinatorships=[Coordinatorship(user=users[e]) for e in entry["coordinators"]],
            programs=[_program(p, entry["regency"], categories, today) for p in entry["programs"]],
            campaigns=[_campaign(c, today) for c in entry["campaigns"]],
            created_at=created,
            updated_at=created,
            verified_at=created + timedelta(days=7) if verified else None,
            verified_by_id=verifier.id if verified else None,
        )
        db.session.add(community)
        if "logo" in entry:
            community.logo = _logo(**entry["logo"])
        community.refresh_search_text()
        known_slugs.add(slug)
        added += 1
    return added


def _program(entry, regency, categories, today):
    """A program as the registry records it; dates are days relative to `today`, like campaigns'."""
    def day(offset):
        return None if offset is None else today + timedelta(days=offset)

    confirmed = datetime.combine(day(entry["confirmed"]), time(9))
    return Program(
        title=entry["title"],
        description=entry["description"],
        category=categories[entry["category"]],
        target_group=entry["target_group"],
        regency_code=regency,
        district_code=entry["district"],
        status=entry["status"],
        starts_on=day(entry["starts"]),
        ends_on=day(entry["ends"]),
        seeks=entry["seeks"],
        offers=entry["offers"],
        last_confirmed_at=confirmed,
        updated_at=confirmed,
    )


def _campaign(entry, today):
    return Campaign(
        title=entry["title"],
        description=entry["description"],
        starts_on=today + timedelta(days=entry["starts"]),
        ends_on=today + timedelta(days=entry["ends"]),
    )


def _logo(initials, color):
    """A simple logo: the initials in white on a coloured square, stored like an upload."""
    picture = Picture.new("RGB", (256, 256), color)
    font = ImageFont.load_default(size=112)
    ImageDraw.Draw(picture).text((128, 128), initials, fill="white", font=font, anchor="mm")
    png = io.BytesIO()
    picture.save(png, "PNG")
    return store_image(png.getvalue())


def demo_accounts():
    """(email, what the account is for) for every demo person, for the CLI to print."""
    data = read_demo_data()
    coordinated = {}
    for entry in data["communities"]:
        for email in entry["coordinators"]:
            coordinated.setdefault(email, []).append(entry["name"])
    accounts = []
    for person in data["people"]:
        if person["email"] in coordinated:
            role = "coordinator of " + ", ".join(coordinated[person["email"]])
        else:
            role = person["role"]
        accounts.append((person["email"], role))
    return accounts
