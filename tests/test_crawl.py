"""No contact detail reaches a stranger (issue 12, "done when"): with the demo loaded, every
community's contacts filled in, a crawl that follows every link from the front page (the
directory and its pages, profiles, programs, courses, lessons, and the fragment and JSON
addresses the pages name) finds no community's e-mail, phone or WhatsApp number and no
person's e-mail address, signed out and as a freshly registered member. The only addresses
let through are named: a community's chosen public address and the platform's own."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
import sqlalchemy as sa

from webapp.demo import load_demo
from webapp.directory.services import whatsapp_number
from webapp.extensions import db, limiter
from webapp.models import Campaign, Community, Course, Lesson, Program, User
from webapp.text import EMAIL_ADDRESS, PHONE_NUMBER, first_name, has_contact_details

FRESH_MEMBER = "baru.daftar@contoh.id"
# Addresses that change the reader's settings, not what they read; /static/ holds no data.
NOT_CRAWLED = re.compile(r"^/(?:static/|bahasa/|hemat-data/)")
# Attributes whose address the page's script fetches as a fragment (htmx, personal parts).
FRAGMENT_ATTRIBUTES = {"hx-get", "data-personal", "data-progress", "data-url"}
MAX_PAGES = 1500
SIGN_IN = re.compile(r"^/akun/masuk\?.*$")


class Addresses(HTMLParser):
    """Every same-site address in a page's attributes: (address, fetched as a fragment)."""

    def __init__(self):
        super().__init__()
        self.found = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and value.startswith("/") and not value.startswith("//"):
                self.found.add((urldefrag(value).url, name in FRAGMENT_ATTRIBUTES))


def addresses_in_json(value):
    """Same-site addresses anywhere in a JSON answer (the manifest, /api/ answers)."""
    if isinstance(value, dict):
        return {a for v in value.values() for a in addresses_in_json(v)}
    if isinstance(value, list):
        return {a for v in value for a in addresses_in_json(v)}
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        return {(value, False)}
    return set()


def crawl(client):
    """{address: text} for every page reachable from the front page and the app's own addresses."""
    seen, texts = set(), {}
    queue = [("/", False), ("/manifest.webmanifest", False), ("/api/saya", True)]
    while queue and len(texts) < MAX_PAGES:
        url, fragment = queue.pop()
        # Every "sign in first" link is the same sign-in page with another next=: read it once.
        url = SIGN_IN.sub("/akun/masuk", url)
        if (url, fragment) in seen or NOT_CRAWLED.match(url):
            continue
        seen.add((url, fragment))
        response = client.get(url, headers={"HX-Request": "true"} if fragment else {})
        assert response.status_code < 500, url
        if response.status_code in (301, 302, 303, 307, 308):
            location = urlsplit(response.headers["Location"])
            queue.append((location.path + (f"?{location.query}" if location.query else ""), fragment))
            continue
        if not response.mimetype.startswith("text/") and "json" not in response.mimetype:
            continue  # pictures: no text to read
        text = response.get_data(as_text=True)
        texts[url + (" (fragment)" if fragment else "")] = text
        if response.mimetype == "text/html":
            parser = Addresses()
            parser.feed(text)
            queue.extend(parser.found)
        elif response.mimetype in ("application/json", "application/manifest+json"):
            queue.extend(addresses_in_json(json.loads(text)))
    assert len(texts) < MAX_PAGES, "the crawl did not finish"
    return texts


def digits_joined(text):
    """The text with separators between digits removed: '0812-3456 7890' reads '081234567890'."""
    return re.sub(r"(?<=\d)[\s.\-()/]+(?=\d)", "", text)


def secrets(app):
    """Every community's e-mail and phone (as typed, as digits, as a WhatsApp number) and every
    person's e-mail address but the reader's own (their account pages show it to them)."""
    with app.app_context():
        values = set(db.session.scalars(sa.select(User.email).where(User.email != FRESH_MEMBER)))
        for community in db.session.scalars(sa.select(Community)):
            if community.email:
                values.add(community.email)
            if community.phone:
                digits = re.sub(r"\D", "", community.phone)
                # The number without its prefix (0 or 62) is what any way of writing it shares.
                values |= {community.phone, whatsapp_number(community.phone), digits.removeprefix("62").lstrip("0")}
    return {value.casefold() for value in values if value}


def leaks(texts, secret_values):
    found = []
    for url, text in texts.items():
        readable = digits_joined(text).casefold()
        found += [(url, value) for value in secret_values if value in readable or value in text.casefold()]
    return found


# The phone field's hint on the profile form shows how to write a number (nobody's).
FORM_EXAMPLES = {"+62 812 3456 7890"}


def published_addresses(app):
    """What may be read by everyone, by name: each community's chosen public address
    (Community.public_email), the platform's privacy contact and the form's example number.
    Nothing else is let through."""
    with app.app_context():
        chosen = db.session.scalars(sa.select(Community.public_email).where(Community.public_email.is_not(None)))
        return {address.casefold() for address in chosen} | {app.config["PRIVACY_CONTACT"].casefold()} | FORM_EXAMPLES


# Hidden inputs carry random tokens (CSRF, idempotency keys) that may read like a number;
# the check against every real contact above still reads them.
HIDDEN_INPUT = re.compile(r'<input[^>]*type="hidden"[^>]*>')


def unexpected_contacts(texts, allowed):
    """Any phone number or e-mail address on any page that is not one of `allowed`."""
    found = []
    for url, text in texts.items():
        text = HIDDEN_INPUT.sub("", text)
        found += [(url, number) for number in PHONE_NUMBER.findall(text) if number not in allowed]
        found += [(url, address) for address in EMAIL_ADDRESS.findall(text) if address.casefold() not in allowed]
    return found


@pytest.fixture
def demo(app, make_user, monkeypatch):
    """The demo network, a freshly registered member, and no rate limit to cut the crawl short
    (the contact page is limited per account; a 429 would hide what the page shows)."""
    with app.app_context():
        load_demo()
        db.session.commit()
    make_user(FRESH_MEMBER, name="Anggota Baru")
    monkeypatch.setattr(limiter, "enabled", False)
    return app


def test_the_demo_writes_no_contact_detail_into_public_text(demo):
    """The demo shows what the network looks like; it must not show a number in a headline."""
    public_texts = {
        Community: ("name", "headline", "vision", "mission"),
        Program: ("title", "target_group", "description"),
        Campaign: ("title", "description"),
        Course: ("title", "summary"),
        Lesson: ("title", "summary", "body"),
    }
    with demo.app_context():
        for model, columns in public_texts.items():
            rows = db.session.scalars(sa.select(model)).all()
            assert rows, model
            for row in rows:
                for column in columns:
                    assert not has_contact_details(getattr(row, column)), (model.__name__, row.id, column)
        assert not any(has_contact_details(name) for name in db.session.scalars(sa.select(User.name)))


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "fresh-member"])
def test_a_crawl_of_every_public_page_finds_no_contact_detail(demo, client, auth, signed_in):
    if signed_in:
        auth.login(FRESH_MEMBER)
    texts = crawl(client)
    reached = set(texts)
    with demo.app_context():
        communities = db.session.scalars(sa.select(Community.slug)).all()
        lessons = db.session.scalars(sa.select(Lesson).where(Lesson.published)).all()
        # The crawl saw what it is meant to check: every profile, every published lesson,
        # the contact page of every community when signed in, and the personal fragments.
        assert {f"/komunitas/{slug}" for slug in communities} <= reached
        assert {f"/belajar/{lesson.course.slug}/{lesson.slug}" for lesson in lessons} <= reached
        if signed_in:
            assert {f"/komunitas/{slug}/kontak" for slug in communities} <= reached
            assert any(url.endswith("/untuk-anda (fragment)") for url in reached)
    secret_values = secrets(demo)
    assert len(secret_values) > 2 * len(communities)
    assert leaks(texts, secret_values) == []
    allowed = published_addresses(demo) | ({FRESH_MEMBER} if signed_in else set())
    assert unexpected_contacts(texts, allowed) == []
    # Coordinators appear by first name unless they choose otherwise (issue 12, item 3).
    with demo.app_context():
        coordinators = db.session.scalars(sa.select(User).join(User.coordinatorships).distinct()).all()
        full_names = {user.name for user in coordinators if first_name(user.name) != user.name}
    assert full_names
    assert [(url, name) for url, text in texts.items() for name in full_names if name in text] == []


def test_a_communitys_public_address_is_the_one_address_its_profile_shows(demo, client):
    """The demo's Sungai Deli publishes a proposal address: the profile shows it under its
    label, and its contact e-mail and phone stay behind the request."""
    with demo.app_context():
        community = db.session.scalar(sa.select(Community).where(Community.public_email.is_not(None)))
        slug, public, private, phone = community.slug, community.public_email, community.email, community.phone
    page = client.get(f"/komunitas/{slug}").get_data(as_text=True)
    assert "Alamat resmi untuk publik" in page and f'href="mailto:{public}"' in page
    assert private not in page and phone not in page
    assert published_addresses(demo) >= {public}
    # Without the named exception the check would refuse it: the whitelist is what lets it through.
    assert {address for _, address in unexpected_contacts({"profile": page}, set())} == {public}


def test_the_crawl_would_notice_a_leak(demo, client):
    """The check itself: a contact in a headline, written with other separators, is found."""
    with demo.app_context():
        community = db.session.scalars(sa.select(Community).order_by(Community.id)).first()
        digits = re.sub(r"\D", "", community.phone)
        community.headline = "WA " + " ".join(digits)
        slug = community.slug
        db.session.commit()
    found = leaks(crawl(client), secrets(demo))
    assert (f"/komunitas/{slug}", digits.removeprefix("62").lstrip("0")) in found
