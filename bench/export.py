"""How long a portfolio export takes to build, and how big it is. Prints figures.

    .venv/bin/python bench/export.py [--items 100]     # last line: the figures as JSON

A synthetic portfolio of N evidence items, each with a phone-sized JPEG photo (1600x1200,
as the PWA downscales them), every third a witness testimony with a PNG signature, every
item with a decision and feedback, and four reviews, is built into the ZIP exactly as
`GET /api/me/export` builds it (server/export/service.py `build_zip`: sniff the files, lay out
the PDF, write the ZIP), from files on disk. The database reads are not included (they are
the same queries as the coverage endpoint).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.export.service import build_zip  # noqa: E402
from sync.storage.local import Files  # noqa: E402


def _file(files: Files, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    path = files.final(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return sha


def _image(kind: str, size: tuple[int, int], seed: int) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 40 + seed % 50).convert("RGB").save(out, kind, quality=80)
    return out.getvalue()


def portfolio(files: Files, items: int) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    signature = _file(files, _image("PNG", (600, 200), 1))
    for n in range(items):
        photo = _file(files, _image("JPEG", (1600, 1200), n))
        fields: dict[str, object] = {
            "kind": "witness_testimony" if n % 3 == 0 else "observation",
            "title": f"Evidence item {n + 1}", "status": "accepted",
            "occurred_at": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "description": "Helped a resident choose their clothes and kept the door closed. " * 4,
            "criteria": [f"SCDHSC0389/1/P{1 + n % 25}"], "attachments": [photo]}
        if n % 3 == 0:
            fields["witness"] = {"name": "Sam Reed", "role": "Nurse", "statement": "Seen. " * 20,
                                 "signature_sha256": signature, "signed_at": "2026-11-09"}
        records.append({"entity": "evidence", "id": f"e{n}", "fields": fields})
        records.append({"entity": "decision", "id": f"d{n}", "fields": {
            "evidence_id": f"e{n}", "outcome": "accepted", "feedback": "Clear and specific.",
            "judgements": {}}})
    for n in range(4):
        records.append({"entity": "review", "id": f"r{n}", "fields": {
            "status": "signed", "held_on": f"2026-0{n * 3 + 1}-15", "notes": "On track. " * 10}})
    return records


def main() -> None:
    items = int(sys.argv[sys.argv.index("--items") + 1]) if "--items" in sys.argv else 100
    with tempfile.TemporaryDirectory() as tmp:
        files = Files(Path(tmp))
        records = portfolio(files, items)
        started = time.perf_counter()
        data = asyncio.run(build_zip(1, "Wren Worker", datetime(2026, 12, 1, tzinfo=UTC), [],
                                     records, files))
        seconds = time.perf_counter() - started
    archive = zipfile.ZipFile(io.BytesIO(data))
    pdf = archive.read("portfolio.pdf")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    figures = {"items": items, "build_s": round(seconds, 2), "zip_mb": round(len(data) / 1e6, 1),
               "pdf_mb": round(len(pdf) / 1e6, 1), "pdf_pages": pages,
               "files": len(archive.namelist())}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
