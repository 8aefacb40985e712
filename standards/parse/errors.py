"""The one exception the parser raises: it says what is wrong and where."""

from __future__ import annotations


class ParseError(Exception):
    """A document that cannot be parsed with confidence.

    `code` is a stable machine-readable reason (``no_criteria``, ``missing_number`` ...),
    `message` a sentence for a person, `line` the 1-based line of the (extracted) text.
    """

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.code}: {self.message}{where}"
