"""Text of a NOS PDF, rebuilt from word positions.

pdfplumber gives each word with its position. Words are grouped into lines by their top
edge and lines into segments at wide horizontal gaps. The number column is where
references ("P1", "K12") start; the text column is where the words after them start.

- Running headers and footers (lines in the top or bottom margin whose text, digits aside,
  repeats on at least half the pages, and on two at least) are dropped, except the first
  page's first line, which names the standard. So is a header or footer band below the
  margin: a line repeated at the same height, digits aside, on as many pages.
- A segment left of the number column is a label ("Performance criteria") and becomes a
  line of its own.
- A run of numbers and text-column lines is a criteria table: which number each wrapped
  line belongs to is decided from positions (row rules, cell gaps, alignment; see
  `standards.extract.table`), not from the order of lines, across page breaks too. Lines
  given to a criterion by a tie-break are reported as doubts.
- Other lines close below each other at the same indent are one wrapped paragraph; a
  larger gap starts a new paragraph, and a blank line is emitted where the gap is wide.
  Across a page break, text continues only if the last line of the page ran to the right
  edge and the next line reads on (see `criteria.continues`).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import msgspec
import pdfplumber

from standards.extract.table import Box, alignment_seen, assign_rows
from standards.parse.criteria import continues
from standards.parse.errors import ParseError
from standards.parse.refs import is_bare_ref, is_unit_ref, parse_ref
from standards.parsed import Doubt

_SEGMENT_GAP = 12.0
_MARGIN = 0.06
_TOLERANCE = 3.0
_FULL_LINE_SLACK = 70.0


class Segment(msgspec.Struct):
    """Words on one line that sit together, with the position of the first."""

    x0: float
    text: str
    top: float = 0.0
    bottom: float = 0.0


class PdfLine(msgspec.Struct):
    """One printed line: page, vertical position, segments left to right."""

    page: int
    top: float
    bottom: float
    x1: float
    segments: list[Segment]

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)


class PdfText(msgspec.Struct, frozen=True):
    """The text, and the criteria whose lines were shared out by a tie-break."""

    text: str
    doubts: list[Doubt]


class _Page(msgspec.Struct):
    lines: list[PdfLine]
    height: float
    rules: list[tuple[float, float, float]]  # (top, x0, x1) of horizontal rules


def pdf_text(data: bytes) -> str:
    """The PDF's text, one paragraph or criterion per line."""
    return read_pdf(data).text


def read_pdf(data: bytes) -> PdfText:
    """The PDF's text, one paragraph or criterion per line, and the criteria in doubt."""
    pages = _read(data)
    heights = [page.height for page in pages]
    lines = [line for page in pages for line in page.lines]
    if not lines:
        raise ParseError(
            "scanned_pdf",
            f"the PDF has {len(heights)} page(s) but no text layer; it looks scanned, "
            "so there is nothing to read without OCR",
        )
    lines = _drop_furniture(lines, heights)
    doubts: list[Doubt] = []
    out = _paragraphs(lines, [page.rules for page in pages], doubts)
    return PdfText("\n".join(out), doubts)


def _read(data: bytes) -> list[_Page]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [
                _Page(
                    _page_lines(number, page.extract_words(use_text_flow=False)),
                    float(page.height),
                    [
                        (float(e["top"]), float(e["x0"]), float(e["x1"]))
                        for e in page.horizontal_edges
                    ],
                )
                for number, page in enumerate(pdf.pages)
            ]
    except ParseError:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise ParseError("unreadable_pdf", f"the PDF cannot be read: {error}") from error


def _page_lines(page: int, words: list[dict[str, Any]]) -> list[PdfLine]:
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if rows and abs(float(rows[-1][0]["top"]) - float(word["top"])) <= _TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [_line(page, sorted(row, key=lambda w: float(w["x0"]))) for row in rows]


def _line(page: int, words: list[dict[str, Any]]) -> PdfLine:
    segments: list[Segment] = []
    previous_x1 = None
    for word in words:
        x0 = float(word["x0"])
        top, bottom = float(word["top"]), float(word["bottom"])
        if previous_x1 is None or x0 - previous_x1 > _SEGMENT_GAP:
            segments.append(Segment(x0, word["text"], top, bottom))
        else:
            segments[-1].text += " " + word["text"]
            segments[-1].top = min(segments[-1].top, top)
            segments[-1].bottom = max(segments[-1].bottom, bottom)
        previous_x1 = float(word["x1"])
    top = min(float(w["top"]) for w in words)
    bottom = max(float(w["bottom"]) for w in words)
    return PdfLine(page, top, bottom, float(words[-1]["x1"]), segments)


def _furniture_key(line: PdfLine, height: float) -> str | None:
    if _MARGIN * height < line.top and line.bottom < (1 - _MARGIN) * height:
        return None
    zone = "top" if line.top <= _MARGIN * height else "bottom"
    return zone + re.sub(r"\d+", "#", line.text)


def _band_key(line: PdfLine) -> str | None:
    if parse_ref(line.text) is not None:
        return None  # a criterion number can sit at the same height on many pages
    return f"at{round(line.top)}:" + re.sub(r"\b\d+\b", "#", line.text)


def _drop_furniture(lines: list[PdfLine], heights: list[float]) -> list[PdfLine]:
    keys = [_furniture_key(line, heights[line.page]) for line in lines]
    bands = [_band_key(line) for line in lines]
    pages: dict[str, set[int]] = {}
    for key, band, line in zip(keys, bands, lines, strict=True):
        if key is not None:
            pages.setdefault(key, set()).add(line.page)
        if band is not None:
            pages.setdefault(band, set()).add(line.page)
    enough = max(2, len(heights) // 2)
    repeated = {key for key, on in pages.items() if len(on) >= enough}
    return [
        line
        for index, (key, band, line) in enumerate(zip(keys, bands, lines, strict=True))
        if (key not in repeated and band not in repeated)
        or (index == 0 and key is not None and key.startswith("top"))
    ]


class _Layout(msgspec.Struct):
    number_x: float | None
    text_x: float | None
    pitch: float  # the usual height of a line of text
    right: float  # the right edge of the text
    leading: float = 0.0  # the smallest common gap between lines: a paragraph's wrapping


def _columns(lines: list[PdfLine]) -> _Layout:
    numbers: Counter[float] = Counter()
    texts: Counter[float] = Counter()
    heights: Counter[float] = Counter()
    for line in lines:
        first = line.segments[0]
        head = first.text.split(" ", 1)[0]
        if is_bare_ref(head):
            numbers[round(first.x0)] += 1
            if len(line.segments) > 1:
                texts[round(line.segments[1].x0)] += 1
    for line in lines:
        heights[round(line.bottom - line.top)] += 1
    pitch = float(heights.most_common(1)[0][0]) if heights else 10.0
    number_x = numbers.most_common(1)[0][0] if numbers else None
    if not texts and number_x is not None:
        # no number shares a line with its text (every number between two lines of its
        # cell): the text column is where most lines right of the numbers start
        texts.update(
            round(line.segments[0].x0)
            for line in lines
            if line.segments[0].x0 > number_x + _TOLERANCE
        )
    text_x = texts.most_common(1)[0][0] if texts else None
    right = max(line.x1 for line in lines)
    gaps: Counter[float] = Counter(
        round(after.top - before.bottom, 1)
        for before, after in zip(lines, lines[1:], strict=False)
        if before.page == after.page and after.top > before.bottom - 1
    )
    often = max(2, sum(gaps.values()) // 50)
    leading = min((gap for gap, count in gaps.items() if count >= often), default=0.0)
    return _Layout(number_x, text_x, pitch, right, leading)


def _paragraphs(lines: list[PdfLine], rules: list[_PageRules], doubts: list[Doubt]) -> list[str]:
    layout = _columns(lines)
    tables = _tables(lines, layout, rules)
    seen = frozenset(
        flag for table in tables.values() for flag in alignment_seen(*table.positions())
    )
    out: list[str] = []
    open_x: float | None = None
    previous: PdfLine | None = None
    index = 0
    while index < len(lines):
        if index in tables:
            out += _table_rows(tables[index], seen, doubts)
            open_x, previous, index = None, lines[tables[index].end - 1], tables[index].end
            continue
        line = lines[index]
        index += 1
        segments = list(line.segments)
        if layout.number_x is not None and segments[0].x0 < layout.number_x - _TOLERANCE:
            out += ["", segments.pop(0).text]
            open_x = None
            if not segments:
                previous = line
                continue
        text = " ".join(s.text for s in segments)
        x0 = segments[0].x0
        gap = _gap(previous, line, layout)
        head = text.split(" ", 1)[0]
        starts_criterion = is_bare_ref(head) or is_unit_ref(head)  # P3, K12, or a unit's 1.2
        aligned = open_x is not None and abs(x0 - open_x) <= _TOLERANCE
        if aligned and not starts_criterion and gap <= 1.45 and _reads_on(previous, line, out):
            out[-1] += " " + text
        else:
            if gap > 2.3:
                out.append("")
            out.append(text)
            open_x = segments[1].x0 if starts_criterion and len(segments) > 1 else x0
        previous = line
    return out


_PageRules = list[tuple[float, float, float]]


def _body(line: PdfLine, layout: _Layout, first: bool) -> list[Segment] | None:
    """The line's number and text segments if it is a row of the criteria table."""
    segments = list(line.segments)
    if first and layout.number_x is not None and segments[0].x0 < layout.number_x - _TOLERANCE:
        segments.pop(0)
    if not segments or layout.number_x is None or layout.text_x is None:
        return None
    x0 = segments[0].x0
    if abs(x0 - layout.number_x) <= _TOLERANCE and is_bare_ref(segments[0].text.split(" ")[0]):
        return segments
    if abs(x0 - layout.text_x) <= _TOLERANCE:
        return segments
    return None


def _is_number(segment: Segment, layout: _Layout) -> bool:
    head = segment.text.split(" ")[0]
    return (
        layout.number_x is not None
        and abs(segment.x0 - layout.number_x) <= _TOLERANCE
        and (is_bare_ref(head))
    )


def _table_end(lines: list[PdfLine], index: int, layout: _Layout) -> int:
    """Where a run of table rows starting at `index` ends (`index` if there is none)."""
    end, numbered = index, False
    while end < len(lines):
        body = _body(lines[end], layout, first=end == index)
        if body is None:
            break
        numbered = numbered or _is_number(body[0], layout)
        end += 1
    return end if numbered else index


class _Table(msgspec.Struct):
    """A run of table rows: the numbers and the cell lines, with their positions."""

    end: int  # the index after its last line
    head: list[str]  # label lines printed before it
    labels: list[str]
    numbers: list[Box]
    cells: list[Box]
    texts: list[str]
    rules: dict[int, list[float]]
    gap: float

    def positions(self) -> tuple[list[Box], list[Box], dict[int, list[float]], float]:
        return self.numbers, self.cells, self.rules, self.gap


def _tables(lines: list[PdfLine], layout: _Layout, rules: list[_PageRules]) -> dict[int, _Table]:
    """Every run of table rows, by the index of its first line."""
    tables: dict[int, _Table] = {}
    index = 0
    while index < len(lines):
        end = _table_end(lines, index, layout)
        if end == index:
            index += 1
            continue
        tables[index] = _table(lines[index:end], end, layout, rules)
        index = end
    return tables


def _table(zone: list[PdfLine], end: int, layout: _Layout, rules: list[_PageRules]) -> _Table:
    gap = layout.leading + max(2.0, 0.25 * layout.pitch)
    table = _Table(end, [], [], [], [], [], _row_rules(rules, layout), gap)
    for position, line in enumerate(zone):
        body = _body(line, layout, first=position == 0)
        assert body is not None
        if len(body) < len(line.segments):
            table.head += ["", line.segments[0].text]
        if _is_number(body[0], layout):
            head, _, rest = body[0].text.partition(" ")
            table.labels.append(head)
            table.numbers.append(Box(line.page, body[0].top, body[0].bottom))
            body = ([Segment(body[0].x0, rest, body[0].top, body[0].bottom)] if rest else []) + (
                body[1:]
            )
        if body:
            table.cells.append(
                Box(line.page, min(s.top for s in body), max(s.bottom for s in body))
            )
            table.texts.append(" ".join(s.text for s in body))
    return table


def _table_rows(table: _Table, seen: frozenset[bool], doubts: list[Doubt]) -> list[str]:
    """The criteria of a run of table rows, each wrapped line given to its own number."""
    found = assign_rows(*table.positions(), seen)
    parts: list[list[str]] = [[] for _ in table.labels]
    for text, row in zip(table.texts, found.rows, strict=True):
        parts[row].append(text)
    for row in sorted(found.doubtful):
        label = table.labels[row]
        doubts.append(
            Doubt(
                label,
                "tie_break",
                f"the wrapped lines of {label} were shared out by a tie-break ({found.method}): "
                "nothing on the page (row rules, cell gaps, the alignment of the numbers) "
                "settles which number they belong to; check its text against the document",
            )
        )
    rows = [" ".join([label, *words]) for label, words in zip(table.labels, parts, strict=True)]
    return table.head + rows


def _row_rules(rules: list[_PageRules], layout: _Layout) -> dict[int, list[float]]:
    """Per page, the tops of horizontal rules that cross the start of the text column."""
    text_x = layout.text_x or 0.0
    return {
        page: [top for top, x0, x1 in edges if x0 <= text_x + _TOLERANCE and x1 >= text_x + 30]
        for page, edges in enumerate(rules)
    }


def _reads_on(previous: PdfLine | None, line: PdfLine, out: list[str]) -> bool:
    """Across a page break, the text must also read as one sentence running on."""
    if previous is None or previous.page == line.page or not out:
        return True
    return continues(out[-1], line.text)


def _gap(previous: PdfLine | None, line: PdfLine, layout: _Layout) -> float:
    """The distance between line tops, in text heights.

    Across a page break a line is close to the previous one only if that one ran to the
    right edge (its text wrapped onto the next page); otherwise a new paragraph starts.
    """
    if previous is None:
        return 1.0
    if previous.page != line.page:
        return 1.0 if previous.x1 > layout.right - _FULL_LINE_SLACK else 2.0
    return (line.top - previous.top) / layout.pitch
