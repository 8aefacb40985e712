"""Reading a mapping table from a qualification unit's criteria to NOS criteria (pure).

The table is a CSV file's cells (read by `server.csv_rows`): the first line names the
columns `unit_ref`, `nos_code` and `nos_ref` (any order, any case; extra columns are
ignored), then one row per link, e.g. `1.2,SCDHSC0389,P2`. Every row is checked against
the unit's criteria and the current criteria of the NOS in the library, and every row's
problem is named with its line (the file's own, header included); a table with any problem
gives no links, so nothing is stored from it."""

from __future__ import annotations

from collections.abc import Mapping, Set

import msgspec

from standards.parsed import NosLink

COLUMNS = ("unit_ref", "nos_code", "nos_ref")
MAX_ROWS = 5000


class MappingProblem(msgspec.Struct, frozen=True):
    line: int
    problem: str


class MappingRead(msgspec.Struct, frozen=True):
    links: list[NosLink]
    problems: list[MappingProblem]


def read_mapping(
    lines: list[list[str]], unit_refs: Set[str], nos: Mapping[str, Set[str]]
) -> MappingRead:
    """The links of the table, or its problems (then no links). `unit_refs`: the unit
    version's criterion refs; `nos`: each NOS code in the library -> its current refs."""
    if not lines or not any(cell.strip() for cell in lines[0]):
        return _refused(
            1,
            "The file is empty: the first line must name the columns unit_ref, nos_code, nos_ref.",
        )
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return _refused(
            1,
            "The first line must name the columns unit_ref, nos_code, nos_ref; "
            f"missing: {', '.join(missing)}.",
        )
    if len(lines) - 1 > MAX_ROWS:
        return _refused(1, f"At most {MAX_ROWS} rows per file; this one has {len(lines) - 1}.")
    where = {name: header.index(name) for name in COLUMNS}
    links: list[NosLink] = []
    problems: list[MappingProblem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        value = {name: cells[i].strip() if i < len(cells) else "" for name, i in where.items()}
        link = NosLink(value["unit_ref"], value["nos_code"].upper(), value["nos_ref"].upper())
        problem = _problem(link, unit_refs, nos, seen)
        if problem:
            problems.append(MappingProblem(number, problem))
            continue
        seen[(link.ref, link.code, link.nos_ref)] = number
        links.append(link)
    if not links and not problems:
        problems.append(MappingProblem(1, "The file names the columns but has no rows."))
    return MappingRead([] if problems else links, problems)


def _refused(line: int, problem: str) -> MappingRead:
    return MappingRead([], [MappingProblem(line, problem)])


def _problem(
    link: NosLink,
    unit_refs: Set[str],
    nos: Mapping[str, Set[str]],
    seen: Mapping[tuple[str, str, str], int],
) -> str | None:
    blank = [
        name
        for name, cell in zip(COLUMNS, (link.ref, link.code, link.nos_ref), strict=True)
        if not cell
    ]
    if blank:
        return f"Blank: {', '.join(blank)}."
    if link.ref not in unit_refs:
        return f"The unit has no assessment criterion {link.ref[:20]}."
    if link.code not in nos:
        return f"No NOS {link.code[:40]} in the library."
    if link.nos_ref not in nos[link.code]:
        return f"{link.code} has no criterion {link.nos_ref[:20]} in its current version."
    earlier = seen.get((link.ref, link.code, link.nos_ref))
    if earlier is not None:
        return f"The same link as line {earlier}."
    return None
