"""What a file is, from its first bytes, and the names files get in an export. Pure.

Attachments are stored by SHA-256 with no name or type (the phone sends bytes); a file in
an export must still open on a double-click, so its extension comes from its magic bytes.
"""

from __future__ import annotations

import re
import unicodedata

UNKNOWN = ("application/octet-stream", "bin")
_FTYP_BRANDS = {
    b"heic": ("image/heic", "heic"), b"heix": ("image/heic", "heic"),
    b"mif1": ("image/heif", "heif"), b"M4A ": ("audio/mp4", "m4a"),
    b"qt  ": ("video/quicktime", "mov"),
}


def sniff(head: bytes) -> tuple[str, str]:
    """(content type, extension) of a file from its first 16 bytes or more."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm", "webm"
    if head.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg", "mp3"
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], ("video/mp4", "mp4"))
    if head.startswith(b"PK\x03\x04"):
        return "application/zip", "zip"
    return UNKNOWN


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of a title: ASCII letters, digits and hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = "-".join(words)[:limit].strip("-")
    return out or "untitled"


def attachment_name(item_number: int, title: str, role: str, extension: str) -> str:
    """e.g. attachments/03-supported-a-family-visit-photo-1.jpg"""
    return f"attachments/{item_number:02d}-{slug(title)}-{role}.{extension}"


IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
