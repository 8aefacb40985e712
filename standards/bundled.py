"""The five standards Carefolio ships with, read from `standards/seeds/`.

Their text (converted from the Word template) states no code or title, so `index.json`
gives them, as listed in the project's seed index.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import msgspec


class Seed(msgspec.Struct, frozen=True):
    """One bundled standard: its file, code, title and expected criteria counts."""

    file: str
    code: str
    title: str
    suite: str
    developed_by: str
    performance: int
    knowledge: int

    def text(self) -> str:
        return resources.files("standards.seeds").joinpath(self.file).read_text("utf-8")


@lru_cache(maxsize=1)
def seeds() -> tuple[Seed, ...]:
    """The bundled standards, in index order."""
    raw = resources.files("standards.seeds").joinpath("index.json").read_bytes()
    return tuple(msgspec.json.decode(raw, type=list[Seed]))
