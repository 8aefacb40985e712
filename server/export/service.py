"""Exports of a portfolio: who may have which, and the ZIP itself.

    portfolio.pdf    the readable portfolio (pdf.py)
    summary.html     the same, as a web page that shows the files beside it (html.py)
    portfolio.json   the data: coverage, every record, and `attachments` (sha -> file name)
    attachments/     the files, named NN-title-role.ext, the extension from their bytes

The PDF and the ZIP are built in a worker thread: a large portfolio takes a second of CPU,
and the event loop keeps serving others meanwhile.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import msgspec

from base.principal import Principal
from server.assessment import portfolio
from server.assessment.messages import StandardCoverage
from server.assessment.visibility import require_portfolio
from server.errors import ApiError
from server.export import content as cont
from server.export.files import IMAGE_TYPES, UNKNOWN, slug, sniff
from server.export.html import render_summary
from server.export.pdf import render_pdf
from server.models import Role, User
from sync.storage.base import Storage, read_all, read_head

FORMAT = "carefolio-portfolio-export/2"
HEAD_BYTES = 32


class Export(msgspec.Struct, frozen=True):
    filename: str
    data: bytes


async def own_export(principal: Principal, files: Storage, now: datetime) -> Export:
    """The signed-in worker's own portfolio (a worker exports theirs and nobody else's)."""
    if not principal.has(Role.WORKER):
        raise ApiError(403, "forbidden", "Only a worker has a portfolio to export.")
    return await export(principal.user_id, files, now)


async def export_for(principal: Principal, worker_id: int, files: Storage,
                     now: datetime) -> Export:
    """A portfolio the principal can see (its worker, their assessor, a quality assurer)."""
    await require_portfolio(principal, worker_id)
    return await export(worker_id, files, now)


async def export(worker_id: int, files: Storage, now: datetime) -> Export:
    worker = await User.get(id=worker_id)
    codes = await portfolio.enrolled_standards(worker_id)
    coverage = await portfolio.coverage_for(worker_id, codes)
    records = await portfolio.records_of(worker_id)
    data = await build_zip(worker.id, worker.display_name, now, coverage, records, files)
    return Export(f"carefolio-portfolio-{slug(worker.display_name)}-{now:%Y%m%d}.zip", data)


async def build_zip(worker_id: int, name: str, now: datetime,
                    coverage: list[StandardCoverage], records: list[dict[str, object]],
                    files: Storage) -> bytes:
    """Sniff the files and fetch the photos through the storage, then lay out the PDF and
    write the ZIP in a worker thread (from local copies when the files are in a bucket)."""
    heads = {sha: await read_head(files, sha, HEAD_BYTES) for sha in sorted(_shas(records))}
    kinds, present = _kinds(heads)
    content = cont.assemble(records, kinds, present)
    images = {f.sha256: await read_all(files, f.sha256) or b"" for f in content.files
              if f.present and f.content_type in IMAGE_TYPES}
    with tempfile.TemporaryDirectory(prefix="carefolio-export-") as scratch:
        paths = {f.sha256: await files.local_copy(f.sha256, Path(scratch))
                 for f in content.files if f.present}
        return await asyncio.to_thread(_build, worker_id, name, now, coverage, records,
                                       content, images, paths)


def _kinds(heads: dict[str, bytes | None]) -> tuple[dict[str, tuple[str, str]], frozenset[str]]:
    kinds = {sha: UNKNOWN if head is None else sniff(head) for sha, head in heads.items()}
    return kinds, frozenset(sha for sha, head in heads.items() if head is not None)


def _shas(records: list[dict[str, object]]) -> set[str]:
    found: set[str] = set()
    for record in records:
        fields = record["fields"]
        assert isinstance(fields, dict)
        found.update(str(s) for s in fields.get("attachments") or [])
        witness = fields.get("witness") or {}
        if witness.get("signature_sha256"):
            found.add(str(witness["signature_sha256"]))
    return found


def _build(worker_id: int, name: str, now: datetime, coverage: list[StandardCoverage],
           records: list[dict[str, object]], content: cont.Content, images: dict[str, bytes],
           paths: dict[str, Path]) -> bytes:
    data = {
        "format": FORMAT, "exported_at": now.isoformat(),
        "worker": {"id": worker_id, "name": name},
        "standards": [c.standard_code for c in coverage],
        "coverage": msgspec.to_builtins(coverage), "records": records,
        "attachments": {f.sha256: {"name": f.name, "content_type": f.content_type,
                                   "included": f.present} for f in content.files},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # photos, sound and the PDF are compressed already: stored, not deflated again
        archive.writestr("portfolio.pdf", render_pdf(name, now, coverage, content, images),
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("summary.html", render_summary(name, now, coverage, content))
        archive.writestr("portfolio.json", msgspec.json.format(msgspec.json.encode(data)))
        for f in content.files:
            if f.present:
                archive.write(paths[f.sha256], f.name, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()
