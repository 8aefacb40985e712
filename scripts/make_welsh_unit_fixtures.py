"""Write the Welsh-record and qualification-unit fixtures in .docx and .pdf from their text.

    .venv/bin/python scripts/make_welsh_unit_fixtures.py

The texts are ours, written for parsing tests in the published layouts:

- tests/fixtures/standards/welsh/SCDHSC0389.cy.txt: a Welsh record of the seed SCDHSC0389
  with the Welsh template's headings and P1.., K1.. numbering; its criterion texts are
  plausible Welsh written for these tests, not an official translation;
- tests/fixtures/standards/units/CFU201.txt: a qualification unit specification (unit
  facts, learning outcomes, assessment criteria 1.1 ..., a NOS mapping) in the layout
  awarding organisations publish, naming no awarding organisation and copying none.

From each it writes .docx and .pdf beside it: the Welsh record drawn as the English seeds'
fixtures are (`make_standards_fixtures`), the unit as a table of outcome, number and text
(outcome cells merged down their criteria) and as a PDF with the outcome above its
criteria, numbers in a column and wrapped texts. The outputs are committed.
"""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

import docx
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from standards.bundled import Seed


def _seed_writers() -> ModuleType:
    """scripts/make_standards_fixtures.py, whose writers draw the seeds' fixtures."""
    spec = importlib.util.spec_from_file_location(
        "make_standards_fixtures", Path(__file__).with_name("make_standards_fixtures.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "standards"
_LIBERATION = "/usr/share/fonts/truetype/liberation"
_CRITERION = re.compile(r"^(\d{1,2}\.\d{1,2})\s+(.*)$")
_OUTCOME = re.compile(r"^(\d{1,2})\s+([A-Z].*)$")


class TextSeed(Seed, frozen=True):
    """A document of ours drawn by the seed-fixture writers."""

    body: str = ""

    def text(self) -> str:
        return self.body


def welsh() -> None:
    # Helvetica's encoding has no ŵ or ŷ: the seed writer's Helvetica is drawn in Liberation
    # Sans (the same widths) for the Welsh record
    names = {"Helvetica": "CySans", "Helvetica-Bold": "CySans-Bold"}
    for name, file in (("CySans", "Regular"), ("CySans-Bold", "Bold")):
        pdfmetrics.registerFont(TTFont(name, f"{_LIBERATION}/LiberationSans-{file}.ttf"))
    set_font = Canvas.setFont
    Canvas.setFont = lambda self, name, *rest: set_font(self, names.get(name, name), *rest)  # type: ignore[method-assign]
    path = OUT / "welsh" / "SCDHSC0389.cy.txt"
    seed = TextSeed(
        file=path.name,
        code="SCDHSC0389",
        title="Gweithio gyda gofalwyr, teuluoedd a phobl allweddol i gynnal cyswllt ag unigolion",
        suite="Iechyd a Gofal Cymdeithasol",
        developed_by="Skills for Care & Development",
        performance=25,
        knowledge=46,
        body=path.read_text("utf-8"),
    )
    writers = _seed_writers()
    writers.write_docx(seed, path.with_suffix("").with_suffix(".cy.docx"))
    writers.write_pdf(seed, path.with_suffix("").with_suffix(".cy.pdf"))


def _unit_parts(text: str) -> tuple[list[str], list[tuple[str, list[tuple[str, str]]]], list[str]]:
    """The lines before the outcomes, the outcomes with their criteria (wrapped lines
    joined), and the lines after them."""
    before: list[str] = []
    outcomes: list[tuple[str, list[tuple[str, str]]]] = []
    after: list[str] = []
    for line in text.splitlines():
        if after or line in ("Range", "Mapping to National Occupational Standards"):
            after.append(line)
        elif (match := _CRITERION.match(line)) is not None:
            outcomes[-1][1].append((match[1], match[2]))
        elif (match := _OUTCOME.match(line)) is not None and not line.startswith("Unit"):
            outcomes.append((line, []))
        elif outcomes and line and line[0].islower():
            ref, so_far = outcomes[-1][1][-1]
            outcomes[-1][1][-1] = (ref, f"{so_far} {line}")
        elif not outcomes:
            before.append(line)
    return before, outcomes, after


def unit_docx(text: str, path: Path) -> None:
    before, outcomes, after = _unit_parts(text)
    document = docx.Document()
    for line in before:
        if line not in (
            "Learning outcomes",
            "The learner will:",
            "Assessment criteria",
            "The learner can:",
        ):
            document.add_paragraph().add_run(line).font.size = Pt(10)
    table = document.add_table(rows=1, cols=3)
    head = table.rows[0].cells
    head[0].text = "Learning outcomes\nThe learner will:"
    head[1].merge(head[2]).text = "Assessment criteria\nThe learner can:"
    for outcome, criteria in outcomes:
        first = len(table.rows)
        for ref, criterion in criteria:
            row = table.add_row().cells
            row[1].text = ref
            row[2].text = criterion
        top = table.rows[first].cells[0]
        merged = top.merge(table.rows[len(table.rows) - 1].cells[0])
        merged.text = outcome
    for line in after:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def unit_pdf(text: str, path: Path) -> None:
    before, outcomes, after = _unit_parts(text)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    y = 780.0

    def draw(x: float, line: str, *, bold: bool = False, width: float = 500) -> None:
        nonlocal y
        font = "Helvetica-Bold" if bold else "Helvetica"
        for part in simpleSplit(line, font, 10, width):
            canvas.setFont(font, 10)
            canvas.drawString(x, y, part)
            y -= 12

    for line in before:
        if line:
            draw(40, line, bold=line.startswith("Unit"))
        y -= 5
    for outcome, criteria in outcomes:
        y -= 8
        draw(40, outcome, bold=True)
        for ref, criterion in criteria:
            canvas.setFont("Helvetica", 10)
            canvas.drawString(60, y, ref)
            draw(95, criterion, width=260)  # narrow: texts wrap
    y -= 10
    for line in after:
        heading = line in ("Range", "Mapping to National Occupational Standards")
        if line:
            y -= 10 if heading else 0
            draw(40, line, bold=heading)
            y -= 6 if heading else 0
    canvas.save()
    path.write_bytes(buffer.getvalue())


def units() -> None:
    path = OUT / "units" / "CFU201.txt"
    text = path.read_text("utf-8")
    unit_docx(text, path.with_suffix(".docx"))
    unit_pdf(text, path.with_suffix(".pdf"))


if __name__ == "__main__":
    units()
    welsh()
