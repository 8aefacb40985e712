"""Pure parsing of NOS documents: text in, `ParsedStandard` or `ParseError` out."""

from standards.parse.document import parse_text
from standards.parse.errors import ParseError

__all__ = ["ParseError", "parse_text"]
