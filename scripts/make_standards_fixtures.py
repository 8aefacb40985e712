"""Write the standards-library test fixtures from the five bundled seeds.

    .venv/bin/python scripts/make_standards_fixtures.py

For every seed it writes, under tests/fixtures/standards/<layout>/<CODE>.<ext>:

- docx/      a Word document: criteria as rows of a two-column table (reference, text),
             code and title in a table at the top, metadata in a table at the bottom;
- pdf/       a PDF drawn with reportlab: section labels in a left column, a number column
             and a text column, wrapped texts, a running header and a footer with page
             numbers;
- pdf-table/<shape>/  the criteria in a table whose cells wrap, the number at the top,
             middle or bottom of its cell, with or without row rules and cell gaps, in
             Helvetica, Times and Courier at several widths, cells split across page breaks,
             header and footer bands (see TABLE_SHAPES; AMBIGUOUS_SHAPES cannot be settled
             from positions and must come out exact or doubted);
- pdf-text/  text as a PDF extractor gives it: wrapped lines, page headers and footers
             repeating the code and title, numbers that lost their space ("P10make");
- web/       the NOS finder page: "URN:", "Developed by:", "Approved on:" lines and plain
             numbered lists under "Performance criteria" and "Knowledge and Understanding".

Plus pdf-text/number-column.txt (the number column as one block per group), the refusal
fixtures under refused/, and a scanned (text-less) PDF. The outputs are committed; tests do
not run this script. It reads the seeds' lines as they are, so the fixtures carry the same
words as the seeds.
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path
from typing import NamedTuple

import docx
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from standards.bundled import Seed, seeds
from standards.parse.headings import region_of
from standards.parse.lines import Line, split_lines
from standards.parse.refs import parse_ref

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "standards"
META = [
    ("Developed by", "Skills for Care & Development"),
    ("Version Number", "2"),
    ("Date Approved", "June 2014"),
    ("Indicative Review Date", "June 2019"),
    ("Validity", "Current"),
    ("Status", "Original"),
]


def seed_lines(seed: Seed) -> list[Line]:
    """The seed's cleaned lines, runs of blank lines squeezed to one."""
    out: list[Line] = []
    for line in split_lines(seed.text()):
        if line.blank and (not out or out[-1].blank):
            continue
        out.append(line)
    while out and out[-1].blank:
        out.pop()
    return out


def is_label(text: str) -> bool:
    region = region_of(text)
    return region is not None and not text.lower().startswith("you ")


# --- .docx -----------------------------------------------------------------------------


def write_docx(seed: Seed, path: Path) -> None:
    document = docx.Document()
    top = document.add_table(rows=1, cols=2)
    top.rows[0].cells[0].text = seed.code
    top.rows[0].cells[1].text = seed.title
    table = None
    for line in seed_lines(seed):
        ref = parse_ref(line.text)
        if ref is not None:
            if table is None:
                table = document.add_table(rows=0, cols=2)
            row = table.add_row()
            row.cells[0].text = ref.label
            row.cells[1].text = ref.text
            continue
        table = None
        paragraph = document.add_paragraph()
        if line.text:
            run = paragraph.add_run(line.text)
            run.bold = is_label(line.text)
            run.font.size = Pt(10)
    meta = document.add_table(rows=0, cols=2)
    for key, value in [*META, ("Suite", seed.suite)]:
        row = meta.add_row()
        row.cells[0].text = key
        row.cells[1].text = value
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


# --- .pdf ------------------------------------------------------------------------------

LABEL_X, NUMBER_X, TEXT_X, RIGHT = 40.0, 150.0, 180.0, 560.0
SIZE, LEADING, PARAGRAPH, BLANK = 10.0, 12.0, 17.0, 30.0
TOP, BOTTOM = 770.0, 70.0


class PdfWriter:
    def __init__(self, seed: Seed) -> None:
        self.seed = seed
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4, invariant=1)
        self.page = 1
        self.y = TOP
        self.furniture()

    def furniture(self) -> None:
        c = self.canvas
        c.setFont("Helvetica-Bold", 9)
        c.drawString(LABEL_X, 815, self.seed.code)
        c.setFont("Helvetica", 7)
        c.drawString(LABEL_X + 70, 815, self.seed.title)
        c.drawString(LABEL_X, 30, f"{self.seed.code} {self.seed.title[:80]}")
        c.drawRightString(RIGHT, 30, str(self.page))

    def room(self, lines: int) -> None:
        if self.y - lines * LEADING < BOTTOM:
            self.canvas.showPage()
            self.page += 1
            self.y = TOP
            self.furniture()

    def draw(self, x: float, width: float, text: str, *, bold: bool = False) -> None:
        font = "Helvetica-Bold" if bold else "Helvetica"
        for part in simpleSplit(text, font, SIZE, width):
            self.room(1)
            self.canvas.setFont(font, SIZE)
            self.canvas.drawString(x, self.y, part)
            self.y -= LEADING

    def criterion(self, label: str, text: str) -> None:
        self.room(1)
        self.canvas.setFont("Helvetica", SIZE)
        self.canvas.drawString(NUMBER_X, self.y, label)
        self.draw(TEXT_X, RIGHT - TEXT_X, text)

    def gap(self, height: float) -> None:
        self.y -= height - LEADING

    def save(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def write_pdf(seed: Seed, path: Path) -> None:
    pdf = PdfWriter(seed)
    for line in seed_lines(seed):
        if line.blank:
            pdf.gap(BLANK)
            continue
        ref = parse_ref(line.text)
        if ref is not None:
            pdf.criterion(ref.label, ref.text)
        elif is_label(line.text):
            pdf.draw(LABEL_X, RIGHT - LABEL_X, line.text, bold=True)
        else:
            pdf.draw(NUMBER_X, RIGHT - NUMBER_X, line.text)
        pdf.gap(PARAGRAPH)
    pdf.gap(BLANK)
    for key, value in [*META, ("Suite", seed.suite)]:
        pdf.room(1)
        pdf.canvas.setFont("Helvetica-Bold", SIZE)
        pdf.canvas.drawString(LABEL_X, pdf.y, key)
        pdf.draw(NUMBER_X + 60, RIGHT - NUMBER_X - 60, value)
        pdf.gap(PARAGRAPH)
    path.write_bytes(pdf.save())


class Shape(NamedTuple):
    """How a criteria table is drawn: font, text column width, where the number sits in its
    cell, whether rows have rules, the padding above and below the text of a cell."""

    font: str
    size: float
    leading: float
    width: float
    valign: str  # "top", "middle", "bottom" or "alternate" (top and bottom in turn)
    rules: bool
    padding: float


TABLE_SHAPES = {
    "top-rules": Shape("Helvetica", 10, 12, 380, "top", True, 3),
    "middle-rules": Shape("Times-Roman", 10, 12, 240, "middle", True, 3),
    "bottom-rules": Shape("Courier", 9, 11, 240, "bottom", True, 3),
    "middle-gaps": Shape("Helvetica", 9, 11, 170, "middle", False, 4),
    "bottom-gaps": Shape("Times-Roman", 10, 12, 300, "bottom", False, 4),
    "top-gaps": Shape("Courier", 10, 12, 200, "top", False, 4),
}
# Tables with neither row rules nor cell gaps: positions alone cannot settle them (a line
# between two numbers may end one cell or start the next), so every criterion must come
# out exact or be doubted, never silently wrong.
AMBIGUOUS_SHAPES = {
    "top-tight": Shape("Courier", 10, 12, 200, "top", False, 0),
    "bottom-tight": Shape("Helvetica", 10, 12, 200, "bottom", False, 0),
    "middle-tight": Shape("Helvetica", 10, 12, 200, "middle", False, 0),
    "alternate-tight": Shape("Times-Roman", 10, 12, 220, "alternate", False, 0),
}
AMBIGUOUS_SEEDS = ("SCDHSC0389", "SCDHSC3110")
TABLE_TOP, TABLE_BOTTOM = 760.0, 80.0


class TableWriter:
    """A NOS drawn as published PDFs often are: criteria in a table whose cells wrap."""

    def __init__(self, seed: Seed, shape: Shape) -> None:
        self.seed, self.shape = seed, shape
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4, invariant=1)
        self.page, self.y, self.rows = 1, TABLE_TOP, 0
        self.furniture()

    def furniture(self) -> None:
        """A header band (code and title, then a second line below the margin, a rule) and
        a footer band (a rule, the page number, the code and title)."""
        c = self.canvas
        c.setFont("Helvetica-Bold", 9)
        c.drawString(LABEL_X, 815, self.seed.code)
        c.setFont("Helvetica", 7)
        c.drawString(LABEL_X + 70, 815, self.seed.title)
        c.drawString(LABEL_X, 780, "Skills for Care & Development: National Occupational Standard")
        c.line(LABEL_X, 774, RIGHT, 774)
        c.line(LABEL_X, 55, RIGHT, 55)
        c.drawString(LABEL_X, 44, f"Page {self.page}")
        c.drawString(LABEL_X, 34, f"{self.seed.code} {self.seed.title[:80]}")

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = TABLE_TOP
        self.furniture()

    def rule(self) -> None:
        if self.shape.rules:
            self.canvas.line(NUMBER_X - 6, self.y, TEXT_X + self.shape.width + 6, self.y)

    def paragraph(self, x: float, text: str, *, bold: bool = False) -> None:
        font = "Helvetica-Bold" if bold else "Helvetica"
        self.end_table()
        for part in simpleSplit(text, font, SIZE, RIGHT - x):
            if self.y - LEADING < TABLE_BOTTOM:
                self.new_page()
            self.canvas.setFont(font, SIZE)
            self.canvas.drawString(x, self.y - SIZE, part)
            self.y -= LEADING
        self.y -= PARAGRAPH - LEADING

    def end_table(self) -> None:
        if self.rows:
            self.rule()
            self.y -= 6
        self.rows = 0

    def criterion(self, label: str, text: str) -> None:
        shape = self.shape
        parts = simpleSplit(text, shape.font, shape.size, shape.width)
        valign = shape.valign
        if valign == "alternate":
            valign = "top" if self.rows % 2 == 0 else "bottom"
        fits = int((self.y - TABLE_BOTTOM - 2 * shape.padding) // shape.leading)
        if fits < min(2, len(parts)):
            self.end_table()
            self.new_page()
            fits = len(parts)
        first, rest = parts[:fits], parts[fits:]
        self.cell(label if not rest or valign != "bottom" else None, first, valign)
        if rest:
            self.rule()
            self.new_page()
            self.cell(label if valign == "bottom" else None, rest, valign)
        self.rows += 1

    def cell(self, label: str | None, parts: list[str], valign: str) -> None:
        shape, c = self.shape, self.canvas
        self.rule()
        top = self.y - shape.padding
        baselines = [top - shape.size - i * shape.leading for i in range(len(parts))]
        c.setFont(shape.font, shape.size)
        for baseline, part in zip(baselines, parts, strict=True):
            c.drawString(TEXT_X, baseline, part)
        if label is not None:
            where = {
                "top": baselines[0],
                "bottom": baselines[-1],
                "middle": (baselines[0] + baselines[-1]) / 2,
            }[valign]
            c.drawString(NUMBER_X, where, label)
        self.y = top - len(parts) * shape.leading - shape.padding

    def save(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def write_table_pdf(seed: Seed, shape: Shape, path: Path) -> None:
    pdf = TableWriter(seed, shape)
    for line in seed_lines(seed):
        if line.blank:
            pdf.end_table()
            pdf.y -= BLANK - PARAGRAPH
            continue
        ref = parse_ref(line.text)
        if ref is not None:
            pdf.criterion(ref.label, ref.text)
        elif is_label(line.text):
            pdf.paragraph(LABEL_X, line.text, bold=True)
        else:
            pdf.paragraph(NUMBER_X, line.text)
    pdf.end_table()
    for key, value in [*META, ("Suite", seed.suite)]:
        pdf.paragraph(LABEL_X, f"{key}")
        pdf.y += PARAGRAPH
        pdf.paragraph(NUMBER_X + 60, value)
    path.write_bytes(pdf.save())


def write_scanned_pdf(path: Path) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    for _ in range(2):
        canvas.setFillGray(0.85)
        for row in range(40):
            canvas.rect(60, 780 - row * 18, 470, 9, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())


# --- PDF-extracted text ------------------------------------------------------------------

WIDTH, PAGE_LINES = 95, 55


def pdf_text_lines(seed: Seed, *, two_line_header: bool) -> list[str]:
    body: list[str] = []
    for line in seed_lines(seed):
        ref = parse_ref(line.text)
        if ref is None:
            body += textwrap.wrap(line.text, WIDTH) or [""]
            continue
        space = "" if ref.number >= 10 else " "
        first, *rest = textwrap.wrap(f"{ref.label}{space}{ref.text}", WIDTH)
        body += [first, *rest]
    header = [seed.code, seed.title] if two_line_header else [f"{seed.code} {seed.title}"]
    out: list[str] = []
    for page, start in enumerate(range(0, len(body), PAGE_LINES), start=1):
        out += header + [""] + body[start : start + PAGE_LINES]
        out += ["", f"{seed.code} {seed.title} {page}", "\f"]
    return out


def number_column_lines(seed: Seed) -> list[str]:
    """Each group's numbers as one block, then the group's texts."""
    out: list[str] = [f"{seed.code} {seed.title}", ""]
    numbers: list[str] = []
    texts: list[str] = []
    for line in seed_lines(seed):
        ref = parse_ref(line.text)
        if ref is not None:
            numbers.append(ref.label)
            texts.append(ref.text)
            continue
        out += numbers + texts
        numbers, texts = [], []
        out.append(line.text)
    return out + numbers + texts


# --- NOS finder web page -----------------------------------------------------------------


def web_lines(seed: Seed) -> list[str]:
    """The NOS finder page: header lines, then sections with plain numbered lists."""
    out = [
        seed.title,
        f"URN: {seed.code}",
        f"Business Sectors (Suites): {seed.suite}",
        "Developed by: Skills for Care & Development",
        "Approved on: 30 Jun 2014",
        "",
    ]
    if "StartOverview" not in seed.text():
        out.append("Overview")
    for line in seed_lines(seed):
        if "StartOverview" in line.bookmarks:
            out.append("Overview")
        if region_of(line.text) in ("performance", "knowledge"):
            continue
        ref = parse_ref(line.text)
        if ref is None:
            out.append(line.text)
            continue
        if ref.number == 1:
            heading = len(out) - 1
            while not out[heading]:
                heading -= 1
            section = "Performance criteria" if ref.letter == "P" else "Knowledge and Understanding"
            out.insert(heading, section)
        out.append(f"{ref.number}. {ref.text}")
    return out + ["", "Version Number: 2", "Validity: Current", "Status: Original"]


# --- hand-written layouts and refusals -------------------------------------------------

UNIT_CODE = """H5NA 04 (SCDHSC 0021) Support effective communication

Overview
This standard identifies the requirements when you support effective communication.

Performance criteria
You must be able to:
Identify ways to communicate effectively
P1 find out the individual’s preferred methods of communication
P2 take steps to reduce environmental barriers to communication
P3 use appropriate body language, eye contact and listening skills

Check that communication has been understood
P4 check whether the individual has understood what has been communicated

Knowledge and understanding
You need to know and understand:
Communication
K1 why communication is important in the work setting
K2 the factors that may affect the communication needs of an individual
K3 how to reduce barriers to communication

Specific to this NOS
K4 sources of information and support or services to enable more effective communication

Values
Adherence to codes of practice. These include the rights:
To be treated as an individual
To communicate using their preferred methods of communication and language
"""

_VALID = """Performance criteria
Group one
P1 do the first thing
P2 do the second thing
P3 do the third thing
Knowledge and understanding
Group two
K1 the first fact
K2 the second fact
"""

REFUSED = {
    "no-criteria.txt": "Overview\nThis document describes a standard but lists no criteria.\n"
    "It is only prose, such as a covering letter.\n",
    "missing-number.txt": _VALID.replace("P2 do the second thing\n", ""),
    "repeated-number.txt": _VALID.replace("P3 do the third", "P2 do the third"),
    "list-restarts.txt": _VALID.replace("K2 the second fact\n", "K2 the second fact\nK1 again\n"),
    "no-knowledge.txt": _VALID.split("Knowledge and understanding")[0],
    "stray-text.txt": _VALID.replace(
        "P2 do the second thing\n", "P2 do the second thing\nThis sentence does not belong.\n"
    ),
    "number-column-mismatch.txt": "Performance criteria\nP1\nP2\nP3\nfirst criterion text\n"
    "second criterion text that wraps\nonto a second line\nthird criterion text\n"
    "Knowledge and understanding\nK1 a fact\n",
}


def main() -> None:
    for folder in ("docx", "pdf", "pdf-text", "web", "refused", "other"):
        (OUT / folder).mkdir(parents=True, exist_ok=True)
    index = []
    for number, seed in enumerate(seeds()):
        write_docx(seed, OUT / "docx" / f"{seed.code}.docx")
        write_pdf(seed, OUT / "pdf" / f"{seed.code}.pdf")
        text = pdf_text_lines(seed, two_line_header=number % 2 == 1)
        (OUT / "pdf-text" / f"{seed.code}.txt").write_text("\n".join(text), "utf-8")
        (OUT / "web" / f"{seed.code}.txt").write_text("\n".join(web_lines(seed)), "utf-8")
        index.append({"code": seed.code, "title": seed.title})
        shapes = {**TABLE_SHAPES, **(AMBIGUOUS_SHAPES if seed.code in AMBIGUOUS_SEEDS else {})}
        for name, shape in shapes.items():
            folder = OUT / "pdf-table" / name
            folder.mkdir(parents=True, exist_ok=True)
            write_table_pdf(seed, shape, folder / f"{seed.code}.pdf")
    code_block = next(s for s in seeds() if s.code == "SCDHSC0389")
    (OUT / "pdf-text" / "number-column.txt").write_text(
        "\n".join(number_column_lines(code_block)), "utf-8"
    )
    (OUT / "other" / "unit-code-title.txt").write_text(UNIT_CODE, "utf-8")
    for name, body in REFUSED.items():
        (OUT / "refused" / name).write_text(body, "utf-8")
    (OUT / "refused" / "empty.txt").write_bytes(b"")
    (OUT / "refused" / "junk.bin").write_bytes(bytes(range(256)) * 8)
    write_scanned_pdf(OUT / "refused" / "scanned.pdf")
    (OUT / "index.json").write_text(json.dumps(index, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
