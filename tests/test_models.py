"""The models' own rules: a status keeps its stored values and carries its label; categories
keep one order everywhere."""

import pytest
from flask_babel import force_locale

from webapp.extensions import db
from webapp.models import Category, Community, PartnershipStatus, ProgramStatus, Role


@pytest.mark.parametrize(
    "status, stored, english",
    [
        (Role, ["member", "facilitator", "admin"], ["Volunteer", "Facilitator", "Admin"]),
        (ProgramStatus, ["planned", "running", "finished"], ["Planned", "Running", None]),
        (
            PartnershipStatus,
            ["pending", "accepted", "declined", "withdrawn"],
            ["waiting for an answer", "accepted", "declined", "withdrawn"],
        ),
    ],
)
def test_a_status_keeps_its_stored_values_and_reads_in_both_languages(app, status, stored, english):
    assert [member.value for member in status] == stored  # what the database holds, unchanged
    with app.test_request_context():
        indonesian = [str(member.label) for member in status]
        with force_locale("en"):
            translated = [str(member.label) for member in status]
    assert all(indonesian) and len(set(indonesian)) == len(stored)
    for got, expected in zip(translated, english):
        if expected is not None:
            assert got == expected


def test_categories_in_order_break_ties_by_id_as_a_community_lists_them(app, make_community):
    with app.app_context():
        first = Category(slug="zz-pertama", name="Pertama", name_en="First", position=99)
        second = Category(slug="zz-kedua", name="Kedua", name_en="Second", position=99)
        db.session.add_all([first, second])
        db.session.commit()
        slugs = [category.slug for category in Category.in_order()]
        assert slugs[-2:] == ["zz-pertama", "zz-kedua"]
        assert [c.position for c in Category.in_order()] == sorted(c.position for c in Category.in_order())
        community = make_community()
        community = db.session.get(Community, community.id)
        community.categories = [second, first]
        db.session.commit()
        db.session.expire_all()
        assert [c.slug for c in db.session.get(Community, community.id).categories] == ["zz-pertama", "zz-kedua"]


def test_the_account_page_names_the_role_in_the_readers_language(client, auth, make_user):
    make_user("fasilitator@contoh.id", role=Role.FACILITATOR)
    auth.login("fasilitator@contoh.id")
    assert "<dd>Fasilitator</dd>" in client.get("/akun").get_data(as_text=True)
    english = client.get("/akun", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<dd>Facilitator</dd>" in english
