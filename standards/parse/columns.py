"""Re-joining a PDF's number column with its text column.

Text extracted from a published NOS PDF can give the column of numbers as one block
("P1", "P2", ... each alone on a line) before the block of criterion texts. A single bare
number is joined to the criterion text on the next non-blank line. For a block of several numbers,
the criterion texts that follow (up to the next number, or the next section heading) are
matched to the numbers one for one: criterion texts start in lower case, group headings and
lead-ins ("You must be able to:") are left in place. If the counts differ, some texts are
wrapped over several lines and there is no telling which: the document is refused.
"""

from __future__ import annotations

from standards.parse.errors import ParseError
from standards.parse.headings import is_lead_in, region_of
from standards.parse.lines import Line, replace_text
from standards.parse.refs import is_bare_ref


def align_number_columns(lines: list[Line]) -> tuple[list[Line], bool]:
    """Lines with every bare number joined to its text, and whether any block was found."""
    out: list[Line] = []
    index = 0
    found_block = False
    while index < len(lines):
        if not is_bare_ref(lines[index].text):
            out.append(lines[index])
            index += 1
            continue
        numbers, body_start = _number_run(lines, index)
        body_end = _body_end(lines, body_start)
        body = lines[body_start:body_end]
        if len(numbers) == 1:
            out.extend(_join_single(numbers[0], body))
        else:
            found_block = True
            out.extend(_join_block(numbers, body))
        index = body_end
    return out, found_block


def _number_run(lines: list[Line], index: int) -> tuple[list[Line], int]:
    numbers: list[Line] = []
    while index < len(lines) and (lines[index].blank or is_bare_ref(lines[index].text)):
        if not lines[index].blank:
            numbers.append(lines[index])
        index += 1
    return numbers, index


def _body_end(lines: list[Line], index: int) -> int:
    while index < len(lines):
        text = lines[index].text
        if is_bare_ref(text) or (region_of(text) is not None and not is_lead_in(text)):
            break
        index += 1
    return index


def _is_text(line: Line) -> bool:
    return not line.blank and line.text[0].islower() and not is_lead_in(line.text)


def _join_single(number: Line, body: list[Line]) -> list[Line]:
    first = next((i for i, line in enumerate(body) if not line.blank), None)
    if first is None or not _is_text(body[first]):
        return [number, *body]
    joined = replace_text(body[first], f"{number.text} {body[first].text}")
    return [*body[:first], joined, *body[first + 1 :]]


def _join_block(numbers: list[Line], body: list[Line]) -> list[Line]:
    texts = [line for line in body if _is_text(line)]
    if len(texts) != len(numbers):
        raise ParseError(
            "number_column_mismatch",
            f"the number column {numbers[0].text}–{numbers[-1].text} (lines {numbers[0].no}–"
            f"{numbers[-1].no}) has {len(numbers)} numbers but {len(texts)} criterion lines "
            "follow it; wrapped lines cannot be matched to numbers",
            numbers[0].no,
        )
    labels = iter(numbers)
    return [
        replace_text(line, f"{next(labels).text} {line.text}") if _is_text(line) else line
        for line in body
    ]
