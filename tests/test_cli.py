"""The command line: region data, the demo content and creating an admin."""

from datetime import date

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    Category,
    Community,
    District,
    Province,
    Regency,
    Role,
    User,
)
from webapp.taxonomy import DEFAULT_CATEGORIES
from webapp.text import fold

PASSWORD = "sandi-admin-panjang-1"


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def user_by_email(app, email):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def test_load_regions_has_every_province_regency_and_district(app, runner):
    result = runner.invoke(args=["load-regions"])
    assert result.exit_code == 0
    # The test database already has them, so a second load adds nothing.
    assert "0 new" in result.output
    assert count(app, Province) == 38
    assert count(app, Regency) == 514
    assert count(app, District) == 7285
    with app.app_context():
        assert db.session.get(Regency, "32.73").name == "Kota Bandung"
        assert db.session.get(District, "32.73.01").regency.name == "Kota Bandung"


def test_load_demo_fills_a_varied_directory(app, runner):
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    assert "jejaring-demo" in result.output
    for email in ("admin@jejaring.test", "fasilitator@jejaring.test", "relawan@jejaring.test"):
        assert email in result.output
    with app.app_context():
        communities = db.session.scalars(sa.select(Community)).all()
        assert len(communities) >= 32
        assert len({c.province_code for c in communities}) >= 10
        used = {category.slug for c in communities for category in c.categories}
        assert used == {slug for slug, _name, _name_en in DEFAULT_CATEGORIES}
        for community in communities:
            assert community.coordinators, community.name
            assert 1 <= len(community.programs) <= 4, community.name
            assert community.regency.province_code == community.province_code
            assert fold(community.name) in community.search_text
            assert community.email.endswith("contoh.id") and community.phone.startswith("08")
        assert any(len(c.coordinators) == 2 for c in communities)
        verified = [c for c in communities if c.is_verified]
        assert len(communities) / 2 < len(verified) < len(communities)
        campaigns = [campaign for c in communities for campaign in c.campaigns]
        today = date.today()
        assert any(campaign.is_active(today) for campaign in campaigns)
        assert any(campaign.ends_on < today for campaign in campaigns)
        assert any(c.logo is not None for c in communities)


def test_demo_accounts_have_their_roles_and_the_printed_password(app, runner):
    runner.invoke(args=["load-demo"])
    for email, role in [
        ("admin@jejaring.test", Role.ADMIN),
        ("fasilitator@jejaring.test", Role.FACILITATOR),
        ("relawan@jejaring.test", Role.MEMBER),
    ]:
        user = user_by_email(app, email)
        assert user.role == role
        assert user.check_password("jejaring-demo")


def test_demo_admin_can_sign_in(app, runner, auth, client):
    runner.invoke(args=["load-demo"])
    auth.login("admin@jejaring.test", "jejaring-demo")
    assert client.get("/admin").status_code == 200


def test_load_demo_twice_adds_nothing(app, runner):
    runner.invoke(args=["load-demo"])
    before = {model: count(app, model) for model in (Community, User, Category)}
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 0
    assert "0 new communities, 0 new accounts" in result.output
    assert {model: count(app, model) for model in before} == before


def test_load_demo_keeps_an_existing_account(app, runner, make_user):
    make_user("relawan@jejaring.test", name="Sudah Ada")
    runner.invoke(args=["load-demo"])
    user = user_by_email(app, "relawan@jejaring.test")
    assert user.name == "Sudah Ada"
    assert not user.check_password("jejaring-demo")


def test_create_admin_with_password_option(app, runner):
    result = runner.invoke(args=["create-admin", "Rina@Contoh.id", "--name", "Rina", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    user = user_by_email(app, "rina@contoh.id")
    assert user.role == Role.ADMIN
    assert user.name == "Rina"
    assert user.check_password(PASSWORD)
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent))
        assert event.action == "user.made_admin" and event.subject_user_id == user.id


def test_create_admin_asks_for_the_password_twice_without_showing_it(app, runner):
    result = runner.invoke(args=["create-admin", "rina@contoh.id"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert PASSWORD not in result.output
    user = user_by_email(app, "rina@contoh.id")
    assert user.role == Role.ADMIN and user.name == "rina"
    assert user.check_password(PASSWORD)


def test_create_admin_refuses_passwords_that_differ(app, runner):
    result = runner.invoke(args=["create-admin", "rina@contoh.id"], input=f"{PASSWORD}\nlain-sekali-123\n")
    assert result.exit_code != 0
    assert user_by_email(app, "rina@contoh.id") is None


def test_create_admin_promotes_an_existing_account(app, runner, make_user):
    make_user("rina@contoh.id", name="Rina Wulandari", role=Role.MEMBER)
    result = runner.invoke(args=["create-admin", "RINA@contoh.id", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert count(app, User) == 1
    user = user_by_email(app, "rina@contoh.id")
    assert user.role == Role.ADMIN
    assert user.name == "Rina Wulandari"
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("email", "password", "name"),
    [
        ("bukan-email", PASSWORD, "Rina"),
        ("rina@", PASSWORD, "Rina"),
        ("rina@contoh.id", "pendek", "Rina"),
        ("rina@contoh.id", PASSWORD, "x" * 121),
        ("rina@contoh.id", PASSWORD, "   "),
    ],
)
def test_create_admin_refuses_bad_input(app, runner, email, password, name):
    result = runner.invoke(args=["create-admin", email, "--password", password, "--name", name])
    assert result.exit_code == 2
    assert "Error" in result.output
    assert count(app, User) == 0


def test_affected_by_lists_whom_a_leak_of_each_kind_is_about(app, runner, make_user, make_community):
    """The breach runbook's first question, 'whom must we tell?', answered per kind of data."""
    siti = make_user("siti@contoh.id", name="Siti")
    budi = make_user("budi@contoh.id", name="Budi")
    make_user("rina@contoh.id", name="Rina")
    make_community("Rumah Baca Senja", coordinators=[siti])
    make_community("Kebun Warga", coordinators=[budi], email=None, phone=None)

    accounts = runner.invoke(args=["affected-by", "accounts"])
    assert accounts.exit_code == 0
    assert accounts.stdout.splitlines()[0] == "id,name,email"
    assert len(accounts.stdout.splitlines()) == 4
    contacts = runner.invoke(args=["affected-by", "contacts"])
    assert contacts.stdout.splitlines()[1:] == [f"{siti.id},Siti,siti@contoh.id"]
    assert "1 people affected by a leak of contacts" in contacts.stderr
    assert runner.invoke(args=["affected-by", "progress"]).stdout.splitlines() == ["id,name,email"]
    assert runner.invoke(args=["affected-by", "rahasia"]).exit_code == 2
