"""The portfolio export reads its files through the storage interface: on a bucket as on
the data directory, the ZIP holds the same photo and signature and the PDF draws them."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from tests.export.test_export import PHOTO, _seeded
from tests.support.people import People

pytestmark = pytest.mark.usefixtures("bundled_standards")


async def test_the_export_holds_the_files_whichever_backend_keeps_them(people: People) -> None:
    worker, _ = await _seeded(people)
    answer = await worker.client.get("/api/me/export")
    assert answer.status_code == 200, answer.text
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    attachments = [n for n in archive.namelist() if n.startswith("attachments/")]
    assert sorted(n.rsplit(".", 1)[-1] for n in attachments) == ["jpg", "png"]
    assert archive.read(next(n for n in attachments if n.endswith(".jpg"))) == PHOTO
    pdf = PdfReader(io.BytesIO(archive.read("portfolio.pdf")))
    assert len([image for page in pdf.pages for image in page.images]) >= 2
