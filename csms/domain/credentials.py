"""Station passwords and API tokens: hashing and checking, no I/O.

Station passwords use PBKDF2-HMAC-SHA256 with a per-password salt. API tokens are 256-bit
random secrets, so a plain SHA-256 of them is enough to store.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

ALGORITHM = "pbkdf2_sha256"
MIN_PASSWORD_LENGTH = 16  # OCPP security whitepaper / 2.0.1 BasicAuthPassword: 16 to 40
ITERATIONS = 100_000
MIN_ITERATIONS = 1_000


def default_iterations() -> int:
    """PBKDF2 rounds for new hashes: ``EVH_PASSWORD_HASH_ITERATIONS`` (at least 1,000), else
    100,000. Each hash records its own rounds, so changing this never breaks a stored one;
    the test suite lowers it, as Django's tests swap in a fast hasher."""
    raw = os.environ.get("EVH_PASSWORD_HASH_ITERATIONS")
    return max(MIN_ITERATIONS, int(raw)) if raw else ITERATIONS


def hash_password(password: str, *, iterations: int | None = None) -> str:
    iterations = iterations or default_iterations()
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algorithm != ALGORITHM:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), _unb64(salt), int(iterations))
    return hmac.compare_digest(candidate, _unb64(digest))


def new_password() -> str:
    """A 24-character password from the OCPP passwordString alphabet."""
    return secrets.token_urlsafe(18)


def new_api_token() -> str:
    return "evh_" + secrets.token_urlsafe(32)


def api_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)
