"""The test suite. Every test process (and every server it starts) hashes passwords at argon2's
cheapest profile: set here, before any server module is imported (see server/passwords.py).
`CAREFOLIO_TEST_FAST_PASSWORD_HASHING=0` in the environment keeps the real cost (to measure it)."""

import os

os.environ.setdefault("CAREFOLIO_TEST_FAST_PASSWORD_HASHING", "1")
