"""Shared expectations for the standards tests: the seed table from shared/seeds/INDEX.md."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "standards"

# code: (title, performance criteria, knowledge statements), as INDEX.md lists them.
SEEDS: dict[str, tuple[str, int, int]] = {
    "SCDLMCB4": (
        "Lead and manage practice that involves key people in care service provision to "
        "achieve positive outcomes for individuals",
        28,
        107,
    ),
    "SCDLMCB6": (
        "Lead and manage provision of care services that supports the development of children "
        "and young people",
        49,
        111,
    ),
    "SCDLMCB3": (
        "Lead and manage the provision of care services that deals effectively with "
        "transitions and significant life events",
        30,
        103,
    ),
    "SCDHSC0389": (
        "Work with carers, families and key people to maintain contact with individuals",
        25,
        46,
    ),
    "SCDHSC3110": ("Promote effective relationships with individuals", 31, 50),
}
