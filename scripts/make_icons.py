"""Draw the app icons (PNG) with the standard library only: a teal square with a white ring
and tick. `maskable` keeps the mark inside the 80% safe zone."""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

TEAL = (13, 92, 99)
WHITE = (255, 255, 255)


def _png(width: int, pixels: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    raw = b"".join(b"\x00" + row for row in pixels)
    header = struct.pack(">IIBBBBB", width, width, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(
        b"IDAT", zlib.compress(raw, 9)
    ) + chunk(b"IEND", b"")


def _near_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    t = max(0.0, min(1.0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
    return math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)))


def draw(size: int, scale: float) -> bytes:
    rows = []
    c = size / 2
    radius = size * 0.32 * scale
    stroke = size * 0.06 * scale
    tick = [(c - radius * 0.45, c), (c - radius * 0.1, c + radius * 0.35), (c + radius * 0.5, c - radius * 0.35)]
    for y in range(size):
        row = bytearray()
        for x in range(size):
            on_ring = abs(math.hypot(x - c, y - c) - radius) < stroke / 2
            on_tick = min(_near_segment(x, y, tick[0], tick[1]), _near_segment(x, y, tick[1], tick[2])) < stroke / 2
            row.extend(WHITE if on_ring or on_tick else TEAL)
        rows.append(bytes(row))
    return _png(size, rows)


if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "pwa" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (out / f"icon-{size}.png").write_bytes(draw(size, 1.0))
        (out / f"maskable-{size}.png").write_bytes(draw(size, 0.8))
