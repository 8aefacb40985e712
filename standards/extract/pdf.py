"""Text of a NOS PDF, rebuilt from word positions.

pdfplumber gives each word with its position. Words are grouped into lines by their top
edge and lines into segments at wide horizontal gaps. The number column is where
references ("P1", "K12") start; the text column is where the words after them start.

- Running headers and footers (lines in the top or bottom margin whose text, digits aside,
  repeats on at least half the pages, and on two at least) are dropped, except the first
  page's header, which names the standard.
- A segment left of the number column is a label ("Performance criteria") and becomes a
  line of its own.
- A line starting with a reference opens a criterion; a following line starting in the
  text column, close below, continues it (wrapped text), across page breaks too.
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

from standards.parse.criteria import continues
from standards.parse.errors import ParseError
from standards.parse.refs import is_bare_ref

_SEGMENT_GAP = 12.0
_MARGIN = 0.06
_TOLERANCE = 3.0
_FULL_LINE_SLACK = 70.0


class Segment(msgspec.Struct):
    """Words on one line that sit together, with the position of the first."""

    x0: float
    text: str


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


def pdf_text(data: bytes) -> str:
    """The PDF's text, one paragraph or criterion per line."""
    lines, heights = _read(data)
    if not lines:
        raise ParseError(
            "scanned_pdf",
            f"the PDF has {len(heights)} page(s) but no text layer; it looks scanned, "
            "so there is nothing to read without OCR",
        )
    lines = _drop_furniture(lines, heights)
    return "\n".join(_paragraphs(lines))


def _read(data: bytes) -> tuple[list[PdfLine], list[float]]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            heights = [float(page.height) for page in pdf.pages]
            lines = [
                line
                for number, page in enumerate(pdf.pages)
                for line in _page_lines(number, page.extract_words(use_text_flow=False))
            ]
    except ParseError:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise ParseError("unreadable_pdf", f"the PDF cannot be read: {error}") from error
    return lines, heights


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
        if previous_x1 is None or x0 - previous_x1 > _SEGMENT_GAP:
            segments.append(Segment(x0, word["text"]))
        else:
            segments[-1].text += " " + word["text"]
        previous_x1 = float(word["x1"])
    top = min(float(w["top"]) for w in words)
    bottom = max(float(w["bottom"]) for w in words)
    return PdfLine(page, top, bottom, float(words[-1]["x1"]), segments)


def _furniture_key(line: PdfLine, height: float) -> str | None:
    if _MARGIN * height < line.top and line.bottom < (1 - _MARGIN) * height:
        return None
    zone = "top" if line.top <= _MARGIN * height else "bottom"
    return zone + re.sub(r"\d+", "#", line.text)


def _drop_furniture(lines: list[PdfLine], heights: list[float]) -> list[PdfLine]:
    keys = [_furniture_key(line, heights[line.page]) for line in lines]
    pages: dict[str, set[int]] = {}
    for key, line in zip(keys, lines, strict=True):
        if key is not None:
            pages.setdefault(key, set()).add(line.page)
    enough = max(2, len(heights) // 2)
    repeated = {key for key, on in pages.items() if len(on) >= enough}
    first_page = lines[0].page
    return [
        line
        for key, line in zip(keys, lines, strict=True)
        if key not in repeated or (key.startswith("top") and line.page == first_page)
    ]


class _Layout(msgspec.Struct):
    number_x: float | None
    text_x: float | None
    pitch: float  # the usual height of a line of text
    right: float  # the right edge of the text


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
    text_x = texts.most_common(1)[0][0] if texts else None
    right = max(line.x1 for line in lines)
    return _Layout(number_x, text_x, pitch, right)


def _paragraphs(lines: list[PdfLine]) -> list[str]:
    layout = _columns(lines)
    out: list[str] = []
    open_x: float | None = None
    previous: PdfLine | None = None
    for line in lines:
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
        starts_criterion = is_bare_ref(text.split(" ", 1)[0])
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
