"""Deciding what a file is and handing it to the right extractor."""

from __future__ import annotations

import io
import zipfile

import msgspec

from standards.parse.errors import ParseError
from standards.parsed import Doubt, Layout

MAX_BYTES = 20 * 1024 * 1024


class Extracted(msgspec.Struct, frozen=True):
    """The text of a document and the layout it came in."""

    text: str
    layout: Layout | None
    doubts: list[Doubt] = msgspec.field(default_factory=list)


def check_size(size: int) -> None:
    """Refuse an empty or oversized file from its size alone."""
    if size == 0:
        raise ParseError("empty", "the file is empty")
    if size > MAX_BYTES:
        raise ParseError(
            "too_large",
            f"the file is {size / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB",
        )


def extract_text(data: bytes, filename: str = "") -> Extracted:
    """The text of a .txt, .docx or .pdf document given as bytes."""
    check_size(len(data))
    if data.startswith(b"%PDF-"):
        from standards.extract.pdf import read_pdf

        pdf = read_pdf(data)
        return Extracted(pdf.text, "pdf", pdf.doubts)
    if data.startswith(b"PK\x03\x04"):
        return Extracted(_docx(data), "docx")
    from standards.extract.text import decode_text

    return Extracted(decode_text(data), None)


def _docx(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile as error:
        raise ParseError(
            "unreadable_docx", f"the file looks like a zip but is damaged: {error}"
        ) from error
    if "word/document.xml" not in names:
        raise ParseError("not_a_docx", "the file is a zip archive but not a Word .docx document")
    from standards.extract.docx import docx_text

    return docx_text(data)
