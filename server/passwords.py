"""Password hashing with argon2id, run in a worker thread so sign-ins never stall the event loop.

The cost is argon2-cffi's default profile (RFC 9106, low memory). Only a test run, which sets
`CAREFOLIO_TEST_FAST_PASSWORD_HASHING=1`, hashes at the cheapest profile: a hash records its
own parameters, so a hash made either way verifies either way."""

from __future__ import annotations

import os
from collections.abc import Mapping

import anyio.to_thread
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

FAST_FOR_TESTS = "CAREFOLIO_TEST_FAST_PASSWORD_HASHING"


def hasher_for(environ: Mapping[str, str]) -> PasswordHasher:
    """The default argon2id profile, or the cheapest when the test harness asks for it."""
    if environ.get(FAST_FOR_TESTS) == "1":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


HASHER = hasher_for(os.environ)
_DUMMY_HASH = HASHER.hash("carefolio-timing-equaliser")

MIN_LENGTH = 10
MAX_LENGTH = 256


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.strip() == "":
        return "A password cannot be only spaces."
    return None


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(HASHER.hash, password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    """Constant work whether or not the account exists (a dummy hash is checked instead)."""
    return await anyio.to_thread.run_sync(_verify, stored, password)
