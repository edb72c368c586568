"""Coordinators' public names (issue 12, item 3): each coordinator chooses, per community, how
they appear on its public profile: full name, first name (the default) or no name at all."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import COORDINATOR, OTHER_COORDINATOR
from webapp.extensions import db
from webapp.models import Coordinatorship, PublicName, Role, User
from webapp.text import first_name

PROFILE = "/komunitas/rumah-baca-senja"
CHOOSE = "/kelola/rumah-baca-senja/koordinator/nama-publik"


@pytest.mark.parametrize(
    "name, first",
    [
        ("Rina Koordinator", "Rina"),
        ("Sukarno", "Sukarno"),
        ("Cut Nurul Aini", "Nurul"),
        ("Teuku Rizal Fahmi", "Rizal"),
        ("I Made Wirawan", "Made"),
        ("Ni Luh Putu Ayu", "Putu"),
        ("Dr. Ir. Budi Santoso", "Budi"),
        ("H. Ahmad Fauzi", "Ahmad"),
        ("Andi Saputra", "Andi"),
        ("Hj.", "Hj."),
    ],
)
def test_the_first_name_skips_titles_and_honorifics(name, first):
    assert first_name(name) == first


def coordinators_line(client):
    page = client.get(PROFILE).get_data(as_text=True)
    return page.split("<dt>Koordinator</dt><dd>", 1)[1].split("</dd>", 1)[0]


def choice_of(app, email):
    with app.app_context():
        return db.session.scalar(
            sa.select(Coordinatorship.public_name).join(Coordinatorship.user).where(User.email == email)
        )


@pytest.fixture
def two_coordinators(app, community, make_user):
    """Rina and Sari both coordinate Rumah Baca Senja."""
    sari = make_user("sari@contoh.id", name="Sari Wulandari")
    with app.app_context():
        db.session.add(Coordinatorship(community_id=community.id, user_id=sari.id))
        db.session.commit()
    return community


def test_coordinators_appear_by_first_name_until_they_choose(client, two_coordinators):
    assert coordinators_line(client) == "Rina, Sari"


@pytest.mark.parametrize(
    "choice, line",
    [
        ("full", "Rina Koordinator, Sari"),
        ("first", "Rina, Sari"),
        ("role", "Sari dan 1 orang lagi"),
    ],
)
def test_a_coordinator_chooses_how_they_appear(app, client, auth, two_coordinators, choice, line):
    auth.login(COORDINATOR)
    response = client.post(CHOOSE, data={"nama_publik": choice})
    assert response.status_code == 303
    assert response.headers["Location"] == "/kelola/rumah-baca-senja/koordinator#nama-publik"
    assert coordinators_line(client) == line
    # Only her own choice changed.
    assert choice_of(app, "sari@contoh.id") == PublicName.FIRST


def test_with_every_coordinator_unnamed_the_profile_gives_only_their_number(client, auth, two_coordinators):
    auth.login(COORDINATOR)
    client.post(CHOOSE, data={"nama_publik": "role"})
    auth.logout()
    auth.login("sari@contoh.id")
    client.post(CHOOSE, data={"nama_publik": "role"})
    page = client.get(PROFILE).get_data(as_text=True)
    assert coordinators_line(client) == "2 orang"
    assert "Rina" not in page and "Sari" not in page


def test_the_coordinators_page_shows_the_choice_with_each_name(client, auth, community):
    auth.login(COORDINATOR)
    page = client.get("/kelola/rumah-baca-senja/koordinator").get_data(as_text=True)
    assert "Nama lengkap: Rina Koordinator" in page and "Nama depan saja: Rina" in page
    [chosen] = re.findall(r'<input[^>]*name="nama_publik"[^>]*checked[^>]*>|<input[^>]*checked[^>]*name="nama_publik"[^>]*>', page)
    assert 'value="first"' in chosen
    assert "Di profil publik: Rina" in page


@pytest.mark.parametrize("value", ["", "everyone", "x" * 5000])
def test_an_unknown_choice_is_refused(app, client, auth, community, value):
    auth.login(COORDINATOR)
    response = client.post(CHOOSE, data={"nama_publik": value})
    assert response.status_code == 422
    assert choice_of(app, COORDINATOR) == PublicName.FIRST


def test_only_the_communitys_own_coordinators_choose(app, client, auth, community, other_community, make_user):
    assert client.post(CHOOSE, data={"nama_publik": "full"}).status_code == 302  # to sign in
    auth.login(OTHER_COORDINATOR)
    assert client.post(CHOOSE, data={"nama_publik": "full"}).status_code == 403
    auth.logout()
    # An admin manages the community but has no name on it to choose.
    make_user("admin@contoh.id", role=Role.ADMIN)
    auth.login("admin@contoh.id")
    assert client.post(CHOOSE, data={"nama_publik": "full"}).status_code == 403
    assert choice_of(app, COORDINATOR) == PublicName.FIRST
