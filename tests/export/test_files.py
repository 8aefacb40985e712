"""A file's type from its first bytes, and the names files get in an export (pure)."""

from __future__ import annotations

import pytest

from server.export.files import attachment_name, slug, sniff

HEADS = [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", ("image/jpeg", "jpg")),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("image/png", "png")),
    (b"GIF89a\x01\x00", ("image/gif", "gif")),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", ("image/webp", "webp")),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", ("audio/wav", "wav")),
    (b"%PDF-1.7\n", ("application/pdf", "pdf")),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", ("video/webm", "webm")),
    (b"OggS\x00\x02", ("audio/ogg", "ogg")),
    (b"ID3\x04\x00", ("audio/mpeg", "mp3")),
    (b"\x00\x00\x00\x20ftypisom\x00\x00", ("video/mp4", "mp4")),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00", ("audio/mp4", "m4a")),
    (b"\x00\x00\x00\x18ftypheic\x00\x00", ("image/heic", "heic")),
    (b"PK\x03\x04\x14\x00", ("application/zip", "zip")),
    (b"just some text", ("application/octet-stream", "bin")),
    (b"", ("application/octet-stream", "bin")),
]


@pytest.mark.parametrize(("head", "expected"), HEADS)
def test_a_file_type_is_read_from_its_first_bytes(head: bytes, expected: tuple[str, str]) -> None:
    assert sniff(head) == expected


def test_an_attachment_name_is_safe_numbered_and_ends_in_its_type() -> None:
    assert attachment_name(3, "Supported Mrs Ŵ’s family visit!", "file-1", "jpg") == (
        "attachments/03-supported-mrs-ws-family-visit-file-1.jpg")
    assert slug("   ") == "untitled"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert len(slug("word " * 40)) <= 40
