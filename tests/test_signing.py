"""The network's signature: tokens verify, altered ones don't, retired keys still verify."""

import pytest

from tests import conftest
from webapp import create_app, signing


def test_a_signed_token_verifies_and_an_altered_one_does_not(app):
    with app.app_context():
        token = signing.sign({"c": "ABCD-EFGH-JKLM", "n": "Sari"})
        assert signing.verify(token) == {"c": "ABCD-EFGH-JKLM", "n": "Sari"}
        kid, body, signature = token.split(".")
        forged = signing.sign({"c": "ABCD-EFGH-JKLM", "n": "Budi"}).split(".")[1]
        for bad in (f"{kid}.{forged}.{signature}", conftest.forged(token), "x.y.z", "", "a.b"):
            with pytest.raises(signing.InvalidToken):
                signing.verify(bad)


def test_a_token_from_a_retired_key_still_verifies(tmp_path):
    old = create_app({"TESTING": True, "SIGNING_KEY": signing._b64(b"\x01" * 32), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with old.app_context():
        token = signing.sign({"c": 1})
        retired = signing.public_keys()[token.split(".")[0]]
    new = create_app({"TESTING": True, "SIGNING_KEY": signing._b64(b"\x02" * 32), "SIGNING_RETIRED_KEYS": retired,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with new.app_context():
        assert signing.verify(token) == {"c": 1}
        assert len(signing.public_keys()) == 2
    stranger = create_app({"TESTING": True, "SIGNING_KEY": signing._b64(b"\x03" * 32), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with stranger.app_context(), pytest.raises(signing.InvalidToken):
        signing.verify(token)


def test_production_refuses_to_start_without_a_signing_key(monkeypatch):
    monkeypatch.setenv("JEJARING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("TRUSTED_HOSTS", "jejaring.example")
    monkeypatch.delenv("SIGNING_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SIGNING_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_the_public_keys_are_published(client):
    response = client.get("/.well-known/jejaring-kunci.json")
    assert response.status_code == 200
    keys = response.get_json()["keys"]
    assert len(keys) == 1 and all(len(value) == 43 for value in keys.values())


def test_qr_codes_are_normal_qr_as_inline_svg():
    from webapp.qr import qr_svg

    svg = str(qr_svg("https://jejaring.test/v/ABCD"))
    assert svg.startswith("<svg") and "</svg>" in svg
