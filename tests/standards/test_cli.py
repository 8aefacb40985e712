"""`carefolio standards ...` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.cli import main
from tests.standards.helpers import FIXTURES


def test_parse_prints_the_standard_as_json_without_a_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREFOLIO_DATABASE_URL", f"sqlite://{tmp_path / 'absent' / 'db.sqlite3'}")
    assert main(["standards", "parse", str(FIXTURES / "docx" / "SCDLMCB4.docx"), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert (parsed["code"], parsed["title"][:20]) == ("SCDLMCB4", "Lead and manage prac")
    assert {s["kind"] for s in parsed["sections"]} == {"performance", "knowledge"}
    assert sum(len(s["criteria"]) for s in parsed["sections"]) == 135
    assert parsed["glossary"][0].keys() >= {"term", "definition"}
    assert parsed["values"][0] == "To be treated as an individual"
    assert not (tmp_path / "absent").exists()


def test_parse_refuses_a_doubtful_file_with_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards", "parse", str(FIXTURES / "refused" / "list-restarts.txt")]) == 1
    assert "list_restarts" in capsys.readouterr().err


def test_import_list_show_and_diff_work_on_a_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_template: Path
) -> None:
    import shutil

    database = tmp_path / "library.sqlite3"
    shutil.copy(sqlite_template, database)
    flags = ["--database-url", f"sqlite://{database}", "--data-dir", str(tmp_path)]
    unit = FIXTURES / "other" / "unit-code-title.txt"
    changed = tmp_path / "changed.txt"
    changed.write_text(
        unit.read_text("utf-8").replace("K3 how to reduce", "K3 how to remove"), "utf-8"
    )
    assert main(["standards", "import", str(unit), *flags]) == 0
    assert (
        main(["standards", "import", str(changed), str(FIXTURES / "refused" / "empty.txt"), *flags])
        == 1
    )
    assert main(["standards", "list", *flags]) == 0
    assert main(["standards", "show", "SCDHSC0021", *flags]) == 0
    assert main(["standards", "diff", "SCDHSC0021", *flags]) == 0
    out, err = capsys.readouterr()
    assert "SCDHSC0021 version 1: 4 P, 4 K, Support effective communication" in out
    assert "SCDHSC0021 version 2" in out and "empty.txt: refused: empty" in err
    assert "SCDHSC0021\tSupport effective communication\tv1 legacy, v2 current" in out
    assert "  K4 sources of information" in out
    assert "~ K3->K3\n    was: how to reduce barriers" in out


def test_a_unit_and_a_welsh_record_are_parsed_and_imported_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_template: Path
) -> None:
    import shutil

    database = tmp_path / "library.sqlite3"
    shutil.copy(sqlite_template, database)
    flags = ["--database-url", f"sqlite://{database}", "--data-dir", str(tmp_path)]
    unit, welsh = FIXTURES / "units" / "CFU201.pdf", FIXTURES / "welsh" / "SCDHSC0389.cy.docx"
    seed = Path(__file__).resolve().parents[2] / "standards" / "seeds" / "003_51e37c85262fc49a.txt"
    assert main(["standards", "parse", str(unit)]) == 0
    assert main(["standards", "parse", str(welsh)]) == 0
    assert main(["standards", "import", str(welsh), *flags]) == 1  # no English record yet
    assert main(["standards", "import", str(seed), str(unit), str(welsh), *flags]) == 0
    out, err = capsys.readouterr()
    assert (
        "T9000201 Support relationships with carers, families and key people: a qualification "
        "unit, 7 assessment criteria in 2 learning outcomes, 8 NOS mappings (level 2, credit 3)"
    ) in out
    assert "25 performance criteria, 46 knowledge statements (a Welsh record)" in out
    assert "refused: standard_not_found" in err and "Import the English record first" in err
    assert "T9000201 version 1: 7 assessment criteria" in out
    assert "SCDHSC0389 cy text of version 1: 25 P, 46 K, Gweithio gyda gofalwyr" in out
