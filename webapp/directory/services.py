"""The directory's queries: the filtered search and the contact links a member may see."""

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import defer, joinedload, selectinload

from webapp.directory.search import index_conditions, read_conditions, split_words
from webapp.extensions import db
from webapp.models import (
    Category,
    Community,
    Coordinatorship,
    Image,
    ImageVariant,
    Program,
    Province,
    community_category,
    focus_of,
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
# Past this many matches a search says "lebih dari 1.000 komunitas" ...
COUNT_LIMIT = 1_000
# ... and counting reads at most this many communities of the region (and the rare words'
# index matches): a common word in a large province would otherwise read tens of thousands
# of rows just to count them ("setidaknya 190 komunitas" then). More than COUNT_LIMIT, so a
# search without words or focus still reaches "lebih dari".
READ_LIMIT = 2_000
# What a result card shows (Card).
CARD_COLUMNS = (
    Community.id, Community.slug, Community.name, Community.headline, Community.verified_at,
    Community.province_code, Community.regency_code, Community.category_ids,
)
# No directory reaches this page; larger numbers would overflow SQLite's integers.
MAX_PAGE = 100_000


def _search_bind():
    """Where directory searches read: the read replica when DATABASE_REPLICA_URL names one. A
    replica runs a moment behind, so a community saved just now may show there a moment later."""
    return {"bind": db.engines["replica"]} if "replica" in db.engines else {}


@dataclass(frozen=True)
class Total:
    """How many communities a search found: `counted` of them, and whether that is all.

    Not complete when counting stopped at COUNT_LIMIT matches or READ_LIMIT rows read: then
    there are at least `counted`, more than COUNT_LIMIT if `counted` passed it.
    """

    counted: int
    complete: bool = True

    @property
    def over_limit(self):
        return self.counted > COUNT_LIMIT


class DirectorySize(NamedTuple):
    """What the home page says of the directory: its listed communities (counted up to one past
    COUNT_LIMIT, as a search counts: "lebih dari 1.000") and the provinces that have one."""

    communities: int
    provinces: int

    @property
    def over_limit(self):
        return self.communities > COUNT_LIMIT


def directory_size():
    """The directory's size in one statement that reads neither every community nor every
    province's: counting stops one past COUNT_LIMIT, and each province is one probe of the
    province order index (listed communities only). At a million communities on PostgreSQL:
    about 1 ms, where counting them all took 0.3 s."""
    listed = Community.hidden_at.is_(None)
    communities = sa.select(Community.id).where(listed).limit(COUNT_LIMIT + 1).subquery()
    settled = sa.select(Community.id).where(Community.province_code == Province.code, listed).exists()
    row = db.session.execute(sa.select(
        sa.select(sa.func.count()).select_from(communities).scalar_subquery(),
        sa.select(sa.func.count(Province.code)).where(settled).scalar_subquery(),
    )).one()
    return DirectorySize(*row)


def search_communities(q="", category=None, province=None, regency=None, page=1, per_page=20):
    """One page of communities matching every filter, verified first: (items, total, has_next).

    `category` is a slug, `province` and `regency` are Kemendagri codes; each may be None.
    Every word of `q` must appear in the folded search text (see Community.refresh_search_text),
    rare words found through the word index (webapp.directory.search). `total` is a Total: the
    count is bounded (COUNT_LIMIT, READ_LIMIT), so no search reads a large part of the directory.
    """
    reads = {"bind_arguments": _search_bind()}
    words = query_words(q)
    filtered = words or category or province or regency
    if filtered and db.session.get_bind(**reads["bind_arguments"]).dialect.name == "postgresql":
        # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for
        # any values: blind to how common a word or how large a region is, it picked a plan
        # three times slower for a common word in a large province. Filtered searches are
        # planned for their values, for the rest of this transaction only (the bare list,
        # the most asked, has no values whose plan could differ).
        db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"), **reads)
    indexed, read = split_words(db.session, Community.search_text, Community.id, words, **reads)
    # What an index finds: the region, the rare words. The rest is checked on each row read.
    found = [Community.hidden_at.is_(None)]  # hidden by a moderator
    found += index_conditions(db.session, Community.search_text, Community.id, indexed)
    # A kabupaten lies in one province: asking for both would only lead PostgreSQL to read
    # the whole province's index, taking the two for independent.
    if regency:
        found.append(Community.regency_code == regency)
    elif province:
        found.append(Community.province_code == province)
    category_id = None
    if category:
        category_id = db.session.scalar(sa.select(Category.id).where(Category.slug == category), **reads)
        if category_id is None:
            return [], Total(0), False

    def checked(row):
        conditions = read_conditions(row.search_text, read)
        if category_id is not None:
            conditions.append(row.category_ids.contains(f" {category_id} "))
        return conditions

    total = _count(found, checked, reads)
    offset = (page - 1) * per_page
    if not 1 <= page <= MAX_PAGE or total == Total(0):
        return [], total, False
    # One statement: the page's ids are sorted bare (far cheaper than sorting whole profiles
    # when the word index finds many), then joined to the columns a card shows and its logo's
    # sizes (up to three rows a card, LOGO_WIDTHS). One more than a page tells whether there
    # is a next one.
    page_ids = (
        sa.select(Community.id).where(*found, *checked(Community))
        .order_by(*DIRECTORY_ORDER).limit(per_page + 1).offset(offset).subquery()
    )
    rows = db.session.execute(
        sa.select(*CARD_COLUMNS, Image.sha256, ImageVariant.width, ImageVariant.size)
        .join(page_ids, Community.id == page_ids.c.id)
        .outerjoin(Image, Image.id == Community.logo_id)
        .outerjoin(ImageVariant, ImageVariant.image_id == Image.id)
        .order_by(*DIRECTORY_ORDER, ImageVariant.width),
        **reads,
    )
    communities = _cards(rows)
    has_next, communities = len(communities) > per_page, communities[:per_page]
    if not total.complete:
        if not has_next and (communities or not offset):
            total = Total(offset + len(communities))  # the page read up to the last match: all are known
        elif total.counted < offset + len(communities):
            total = Total(offset + len(communities), complete=False)  # the page itself proves this many
    return communities, total, has_next


class Variant(NamedTuple):
    """One stored size of a logo, as webapp.templating.picture_sources reads it."""

    width: int
    size: int


class Logo(NamedTuple):
    """A card's logo: what the picture macro needs of an Image, without the ORM."""

    sha256: str
    variants: list  # of Variant, narrowest first


class Card(NamedTuple):
    """A community as a result card shows it (templates/directory/_results.html).

    Plain rows, not the ORM's Community: building twenty profiles with their logos was a
    third of a directory page's CPU. Places are named from regions.place_names.
    """

    id: int
    slug: str
    name: str
    headline: str
    is_verified: bool
    province_code: str
    regency_code: str
    category_ids: str  # " 3 12 ", see category_ids_text
    logo: Logo | None

    def focus_in(self, categories):
        """Those of `categories` (Category.listed) this community chose: no query per card."""
        return focus_of(self.category_ids, categories)


def _cards(rows):
    """Cards from rows of CARD_COLUMNS and a logo size each, in order, a card's rows together."""
    cards = {}
    for row in rows:
        card = cards.get(row.id)
        if card is None:
            logo = Logo(row.sha256, []) if row.sha256 else None
            card = cards[row.id] = Card(
                row.id, row.slug, row.name, row.headline, row.verified_at is not None,
                row.province_code, row.regency_code, row.category_ids or "", logo,
            )
        if row.width is not None:
            card.logo.variants.append(Variant(row.width, row.size))
    return list(cards.values())


def _count(found, checked, reads):
    """Count the matches among the first READ_LIMIT rows that `found` selects, in the
    directory's order (read off its order indexes): one statement, which also tells whether
    it read all there were."""
    rows = (
        sa.select(Community.id, Community.search_text, Community.category_ids)
        .where(*found).order_by(*DIRECTORY_ORDER).limit(READ_LIMIT).subquery()
    )
    conditions = checked(rows.c)
    matched = sa.func.count().filter(sa.and_(*conditions)) if conditions else sa.func.count()
    read, counted = db.session.execute(sa.select(sa.func.count(), matched).select_from(rows), **reads).one()
    return Total(counted, complete=read < READ_LIMIT and counted <= COUNT_LIMIT)


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
    """
    return db.session.scalar(_profile_statement(), {"slug": slug})


@functools.cache
def _profile_statement():
    """The statement find_community runs, built once: SQLAlchemy then keeps its cache key too,
    which for this many loader options cost as much as a statement's execution.

    Three statements (the profile adds one for its upcoming meetings): the community joined
    with its logo and the logo's sizes and with its coordinators (and their accounts); then its
    programs (joined with their focus and places) and its campaigns. The joined lists are
    short (a few coordinators, three sizes at most: LOGO_WIDTHS); the others come in
    statements of their own, so no long lists multiply each other's rows. The profile names
    its places from regions.place_names and its focus from category_ids (Community.focus_in);
    the search text, which only the directory reads, stays behind.
    """
    return (
        sa.select(Community)
        .where(Community.slug == sa.bindparam("slug"), Community.hidden_at.is_(None))
        .options(
            defer(Community.search_text),
            joinedload(Community.logo).joinedload(Image.variants),
            joinedload(Community.coordinatorships).joinedload(Coordinatorship.user),
            selectinload(Community.programs).options(
                joinedload(Program.category), joinedload(Program.regency), joinedload(Program.district)
            ),
            selectinload(Community.campaigns),
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
