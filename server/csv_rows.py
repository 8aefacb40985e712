"""The rows of an uploaded CSV file, the one way the people and enrolment imports read one.

Pure. Line ends may be `\\n`, `\\r\\n` or a lone `\\r` (old spreadsheet exports); a byte-order
mark at the start is dropped. A file the csv module cannot read (a quote left open)
is refused with the line it stopped at, never an error of the server's (strict: a quote left
open would otherwise swallow the rest of the file into one cell)."""

from __future__ import annotations

import csv
import io


class UnreadableCsv(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def csv_rows(text: str) -> list[list[str]]:
    """Each line's cells, in order; `UnreadableCsv` when the text is not CSV."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=None), strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        raise UnreadableCsv(
            max(reader.line_num, 1), f"This line cannot be read as CSV ({error})."
        ) from error
