"""Cleaning: raw text in, numbered clean lines out.

Word bookmark artefacts (``[bookmark: StartOverview]``) are removed but remembered, tabs,
non-breaking and zero-width spaces become ordinary spaces, runs of spaces become one, and
each line is stripped. Every other character, curly quotes and dashes included, is kept.
"""

from __future__ import annotations

import re

import msgspec

_BOOKMARK = re.compile(r"\[bookmark:\s*([^\]]*)\]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Line(msgspec.Struct, frozen=True):
    """One cleaned line with its 1-based number in the source text."""

    no: int
    text: str
    bookmarks: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.text


def clean_text(text: str) -> str:
    """Whitespace, invisible characters and bookmarks tidied; the words untouched."""
    text = _BOOKMARK.sub("", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def bookmarks_in(text: str) -> tuple[str, ...]:
    """Names of the Word bookmarks a raw line carries."""
    return tuple(name.strip() for name in _BOOKMARK.findall(text))


def split_lines(text: str) -> list[Line]:
    """The text as numbered, cleaned lines (blank lines kept, as empty text)."""
    raw = re.split(r"\r\n|[\r\n\f\v\u2028\u2029]", text)
    return [Line(no, clean_text(r), bookmarks_in(r)) for no, r in enumerate(raw, start=1)]


def replace_text(line: Line, text: str) -> Line:
    """The same line with new text."""
    return Line(line.no, text, line.bookmarks)


SENTENCE_END = (".", ":", ";", "!", "?")


def heading_tail(lines: list[Line]) -> tuple[int, int]:
    """Where the last heading-like paragraph of `lines` starts and ends.

    The paragraph is the run of non-blank lines before any trailing blanks, stopping at a
    blank line or at a line that ends a sentence (headings do not end in punctuation).
    """
    end = len(lines)
    while end > 0 and lines[end - 1].blank:
        end -= 1
    start = end
    while (
        start > 0
        and not lines[start - 1].blank
        and not lines[start - 1].text.endswith(SENTENCE_END)
    ):
        start -= 1
    return start, end


def join_wrapped(before: str, after: str) -> str:
    """Two parts of a wrapped line as one: a space between, none after a compound's hyphen."""
    if not before:
        return after
    if before.endswith("-") and before[-2:-1].isalpha():
        return before + after
    return f"{before} {after}"
