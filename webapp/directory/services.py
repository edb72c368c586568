"""The directory's queries: the filtered search and the contact links a member may see."""

import re

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import defer, joinedload, selectinload

from webapp.directory.search import word_conditions
from webapp.extensions import db
from webapp.models import (
    Category,
    Community,
    Coordinatorship,
    Image,
    Program,
    community_category,
)
from webapp.text import fold

# Longer queries add nothing a person would type; the input carries the same maxlength.
MAX_QUERY_LENGTH = 100
# More words only make a slower query that cannot match anything more useful.
MAX_QUERY_WORDS = 8


def clean_query(text):
    """The query as it is searched: NUL bytes dropped (PostgreSQL rejects them), length capped."""
    return (text or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def query_words(text):
    """Folded words of the query, so 'SUMBAWA' and 'Sumbáwa' both find 'sumbawa'."""
    return fold(clean_query(text)).split()[:MAX_QUERY_WORDS]


# Verified communities first, then by name regardless of case; the id keeps pages stable.
DIRECTORY_ORDER = (Community.verified_at.is_(None), sa.func.lower(Community.name), Community.id)
# Past this many matches a search says "more than 1,000" instead of counting every one: a
# common word would otherwise read a large part of the directory just to count it.
COUNT_LIMIT = 1_000
# No directory reaches this page; larger numbers would overflow SQLite's integers.
MAX_PAGE = 100_000


def _search_bind():
    """Where directory searches read: the read replica when DATABASE_REPLICA_URL names one. A
    replica runs a moment behind, so a community saved just now may show there a moment later."""
    return {"bind": db.engines["replica"]} if "replica" in db.engines else {}


def search_communities(q="", category=None, province=None, regency=None, page=1, per_page=20):
    """One page of communities matching every filter, verified first; returns (items, total).

    `category` is a slug, `province` and `regency` are Kemendagri codes; each may be None.
    Every word of `q` must appear in the folded search text (see Community.refresh_search_text),
    found through the word index (webapp.directory.search). Counting stops past COUNT_LIMIT:
    a total above it means "more than COUNT_LIMIT", so no search reads every match.
    """
    words = query_words(q)
    conditions = word_conditions(db.session, Community.search_text, Community.id, words)
    conditions.append(Community.hidden_at.is_(None))  # hidden by a moderator
    if category:
        conditions.append(Community.categories.any(Category.slug == category))
    if province:
        conditions.append(Community.province_code == province)
    if regency:
        conditions.append(Community.regency_code == regency)

    matching = sa.select(Community.id).where(*conditions)
    reads = {"bind_arguments": _search_bind()}
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(matching.limit(COUNT_LIMIT + 1).subquery()), **reads
    )
    if not 1 <= page <= MAX_PAGE or not total:
        return [], total
    # Sorting bare ids is far cheaper than sorting whole profiles; the page's rows come after.
    ids = db.session.scalars(
        matching.order_by(*DIRECTORY_ORDER).limit(per_page).offset((page - 1) * per_page), **reads
    ).all()
    if not ids:
        return [], total
    communities = db.session.scalars(
        sa.select(Community)
        .where(Community.id.in_(ids))
        .options(
            joinedload(Community.province),
            joinedload(Community.regency),
            # The picture macro reads the sizes (not the bytes) of each logo.
            joinedload(Community.logo).selectinload(Image.variants),
            selectinload(Community.categories),
        )
    ).unique()
    by_id = {community.id: community for community in communities}
    return [by_id[id_] for id_ in ids], total


def refresh_category_search_texts(category_id, batch=500):
    """Recompute the search text of every community with this focus, after its names changed.

    In batches, with what refresh_search_text reads loaded together, so a category that
    thousands of communities use does not cost a query per community and relationship.
    """
    ids = db.session.scalars(
        sa.select(community_category.c.community_id).where(community_category.c.category_id == category_id)
    ).all()
    for start in range(0, len(ids), batch):
        communities = db.session.scalars(
            sa.select(Community)
            .where(Community.id.in_(ids[start:start + batch]))
            .options(
                selectinload(Community.categories),
                selectinload(Community.programs),
                selectinload(Community.campaigns),
            )
        )
        for community in communities:
            community.refresh_search_text()
        db.session.flush()


def find_category(slug):
    if not slug or len(slug) > 40 or "\x00" in slug:
        return None
    return db.session.scalar(sa.select(Category).where(Category.slug == slug))


def find_community(slug):
    """The community with this slug, with what its profile shows loaded; None if there is none,
    or if a moderator hid it.
    (`slug` comes from a `<slug:...>` URL rule, which already refused control characters.)

    Five statements (the profile adds one for its upcoming meetings): the community joined with its places, logo and focus; then its logo's
    sizes, its programs (joined with their focus and places), campaigns and coordinators (joined
    with their accounts). Each list comes in one statement of its own, so no two lists
    multiply each other's rows; the search text, which only the directory reads, stays behind.
    """
    return db.session.scalar(
        sa.select(Community)
        .where(Community.slug == slug, Community.hidden_at.is_(None))
        .options(
            defer(Community.search_text),
            joinedload(Community.province),
            joinedload(Community.regency),
            joinedload(Community.categories),
            joinedload(Community.logo).selectinload(Image.variants),
            selectinload(Community.programs).options(
                joinedload(Program.category), joinedload(Program.regency), joinedload(Program.district)
            ),
            selectinload(Community.campaigns),
            selectinload(Community.coordinatorships).joinedload(Coordinatorship.user),
        )
    )


def whatsapp_number(phone):
    """The number as wa.me wants it: digits with the country code, '0812…' becomes '62812…'."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if len(digits) >= 8 else None


# A profile address on a social site: 'instagram.com/name', 'https://www.instagram.com/name/'.
SOCIAL_PROFILE = r"(?:https?://)?(?:www\.|m\.)?{site}/@?([\w.]+)/?(?:[?#].*)?"


def _social_handle(value, site):
    """'@name' for a handle typed as '@name', 'name' or the profile's address; None otherwise."""
    match = re.fullmatch(SOCIAL_PROFILE.format(site=re.escape(site)), value, re.IGNORECASE)
    if match and not match.group(1).endswith(".php"):  # facebook.com/profile.php?id=… has none
        return "@" + match.group(1)
    if value.startswith("@") or "/" not in value and "." not in value:
        handle = value.lstrip("@")
        return "@" + handle if re.fullmatch(r"[\w.]+", handle) else None
    return None


def _web_link(value, site=None):
    """(text, href) for a website or a social profile; href is None unless it is http(s).

    Coordinators type 'rumahbaca.id', 'https://…' or '@rumahbaca'; a 'javascript:' value
    must never become a link. Profiles read '@name' and addresses lose their 'https://',
    so the rows stay short on a phone.
    """
    handle = _social_handle(value, site) if site else None
    if handle:
        return handle, f"https://{site}/{handle[1:]}"
    if re.match(r"https?://", value, re.IGNORECASE):
        return re.sub(r"^https?://(www\.)?", "", value, flags=re.IGNORECASE).rstrip("/"), value
    if re.match(r"[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        return value, None
    return value, "https://" + value.lstrip("/")


def contact_links(community):
    """The contact details that are set, as (label, text, href) rows; href may be None.

    The one place contacts become rows: the contact page and accepted partnerships show these.
    """
    rows = []
    if community.email:
        rows.append((_("Email"), community.email, "mailto:" + community.email))
    if community.phone:
        digits = re.sub(r"[^\d+]", "", community.phone)
        rows.append((_("Telepon"), community.phone, "tel:" + digits if digits else None))
        number = whatsapp_number(community.phone)
        if number:
            rows.append((_("WhatsApp"), community.phone, "https://wa.me/" + number))
    for label, value, site in (
        (_("Situs web"), community.website, None),
        (_("Instagram"), community.instagram, "instagram.com"),
        (_("Facebook"), community.facebook, "facebook.com"),
    ):
        value = (value or "").strip()
        if value:
            rows.append((label, *_web_link(value, site)))
    return rows
