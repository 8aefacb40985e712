"""Passwords hash at argon2's default profile, except in a test run, which asks for the cheapest."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles

from server import passwords


def test_without_the_test_switch_passwords_hash_at_argon2s_default_profile() -> None:
    default = PasswordHasher()
    for environ in ({}, {passwords.FAST_FOR_TESTS: "0"}, {passwords.FAST_FOR_TESTS: "yes"}):
        hasher = passwords.hasher_for(environ)
        assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
            default.time_cost, default.memory_cost, default.parallelism)
        assert f"m={default.memory_cost},t={default.time_cost}," in hasher.hash("a passphrase")


def test_the_test_switch_hashes_at_the_cheapest_profile_and_either_hash_verifies_either_way() -> None:
    cheap = passwords.hasher_for({passwords.FAST_FOR_TESTS: "1"})
    assert (cheap.time_cost, cheap.memory_cost) == (
        profiles.CHEAPEST.time_cost, profiles.CHEAPEST.memory_cost)
    default = passwords.hasher_for({})
    assert default.verify(cheap.hash("a passphrase"), "a passphrase")
    assert cheap.verify(default.hash("a passphrase"), "a passphrase")


def test_this_test_run_hashes_at_the_cheapest_profile() -> None:
    assert passwords.HASHER.memory_cost == profiles.CHEAPEST.memory_cost
