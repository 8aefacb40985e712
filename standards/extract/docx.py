"""Text of a Word .docx NOS, paragraphs and table cells in document order.

The NOS Word template puts most of a standard in tables: a label cell ("Performance
criteria") beside a content cell, and criteria as rows of a number cell and a text cell.
Each paragraph becomes a line; a row whose first cell is only a reference ("P3", or a
unit's "1.2") becomes one line "P3 text"; any other row gives its cells' lines in order.
Merged cells, which python-docx repeats (across a row, and down the rows of a vertical
merge such as a unit's learning outcome beside its criteria), are read once. Nested
tables are walked where they sit.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from standards.parse.errors import ParseError
from standards.parse.refs import is_bare_ref, is_unit_ref


def docx_text(data: bytes) -> str:
    """The document's text, one paragraph or criterion row per line."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise ParseError(
            "unreadable_docx", f"the Word document cannot be opened: {error}"
        ) from error
    return "\n".join(_lines(document.iter_inner_content()))


def _lines(blocks: Iterator[Any]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table(block)


def _table(table: Table) -> Iterator[str]:
    # a cell merged down several rows is read in its first row only (the cells are kept so
    # that their ids are not reused)
    seen: dict[int, Any] = {}
    for row in table.rows:
        cells = _unique(row.cells, seen)
        if not cells:
            continue
        first = cells[0].text.strip() if cells else ""
        if len(cells) > 1 and (is_bare_ref(first) or is_unit_ref(first)):
            rest = " ".join(" ".join(_lines(c.iter_inner_content())) for c in cells[1:])
            yield f"{first} {rest}"
            continue
        for cell in cells:
            yield from _lines(cell.iter_inner_content())
        yield ""


def _unique(cells: list[_Cell], seen: dict[int, Any]) -> list[_Cell]:
    out: list[_Cell] = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen[id(cell._tc)] = cell._tc
            out.append(cell)
    return out
