"""The network's signature: Ed25519 tokens anyone can check, even with no signal.

Certificates and meeting tickets carry a token the app verifies offline with the public keys
it ships (`public_keys()`, published at /.well-known/jejaring-kunci.json). A token is
`<key id>.<payload>.<signature>`, each part base64url without padding; the payload is compact
JSON and the signature covers `<key id>.<payload>`, so a token cannot be moved to another key.

The private key is `SIGNING_KEY` (the 32-byte seed, base64url) in production, where the app
refuses to start without it. In development a key is generated once into the instance folder.
Rotating: move the old public key into `SIGNING_RETIRED_KEYS` (comma-separated, base64url) and
set a new `SIGNING_KEY`; tokens signed with the old key stay verifiable.
"""

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask import current_app

DEVELOPMENT_KEY_FILE = "signing-key"


class InvalidToken(Exception):
    """A token that was altered, made with an unknown key, or is not a token at all."""


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw_public(public_key):
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_raw):
    """A short name for a public key: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:8]


def load_private_key(config, instance_path):
    """The signing key: from the config, or (outside production) generated into `instance/`."""
    seed = config.get("SIGNING_KEY")
    if seed:
        return Ed25519PrivateKey.from_private_bytes(_unb64(seed))
    if config.get("PRODUCTION"):
        raise RuntimeError("SIGNING_KEY must be set in production (certificates and tickets are signed with it)")
    path = os.path.join(instance_path, DEVELOPMENT_KEY_FILE)
    if not os.path.exists(path):
        seed = _b64(os.urandom(32))
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(seed)
    with open(path) as f:
        return Ed25519PrivateKey.from_private_bytes(_unb64(f.read().strip()))


def init_app(app):
    key = load_private_key(app.config, app.instance_path)
    current = key_id(_raw_public(key.public_key()))
    keys = {current: key.public_key()}
    for text in app.config.get("SIGNING_RETIRED_KEYS", "").split(","):
        if text.strip():
            raw = _unb64(text.strip())
            keys[key_id(raw)] = Ed25519PublicKey.from_public_bytes(raw)
    app.extensions["signing"] = {"private": key, "kid": current, "public": keys}


def _state():
    return current_app.extensions["signing"]


def sign(payload):
    """A token for `payload` (a JSON-able dict) signed with the current key."""
    state = _state()
    head = state["kid"] + "." + _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    return head + "." + _b64(state["private"].sign(head.encode()))


def verify(token):
    """The payload of a genuine token; raises InvalidToken for anything else."""
    try:
        kid, body, signature = token.strip().split(".")
        key = _state()["public"][kid]
        key.verify(_unb64(signature), f"{kid}.{body}".encode())
        return json.loads(_unb64(body))
    except (ValueError, KeyError, InvalidSignature, UnicodeError) as error:
        raise InvalidToken(str(error)) from None


def public_keys():
    """Every key a token may be signed with, by key id, as base64url raw public keys."""
    return {kid: _b64(_raw_public(key)) for kid, key in _state()["public"].items()}
