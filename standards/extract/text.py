"""Decoding a plain-text document, and refusing binary junk."""

from __future__ import annotations

import codecs

from standards.parse.errors import ParseError

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_JUNK_RATIO = 0.01


def decode_text(data: bytes) -> str:
    """The text in `data` (UTF-8, UTF-16 with a BOM, or Windows-1252), or a refusal."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    elif (nul := data.find(b"\x00", 0, 65536)) >= 0:
        raise ParseError("binary", f"the file is binary data, not text (NUL at byte {nul})")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode(data, "cp1252")
    _refuse_junk(text)
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ParseError(
            "binary", f"the file is not readable text ({encoding} fails at byte {error.start})"
        ) from error


def _refuse_junk(text: str) -> None:
    sample = text[:65536]
    controls = [i for i, ch in enumerate(sample) if ch < " " and ch not in _ALLOWED_CONTROLS]
    if controls and len(controls) > len(sample) * _JUNK_RATIO:
        raise ParseError(
            "binary",
            f"the file is binary data, not text ({len(controls)} control characters, "
            f"the first at character {controls[0]})",
        )
