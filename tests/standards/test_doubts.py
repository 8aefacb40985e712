"""A parse that looks whole but may be wrong says where, and is not imported unconfirmed."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
import pytest

from server.cli import main
from standards.bundled import seeds
from standards.parse import parse_text
from standards.parse.doubts import confidence, naming_doubts, text_doubts, unconfirmed
from standards.reader import read_document, with_doubts
from tests.standards.helpers import FIXTURES
from tests.support.people import People

DOUBTFUL = FIXTURES / "doubtful" / "glued-and-misnamed.txt"
TIGHT = FIXTURES / "pdf-table" / "top-tight" / "SCDHSC0389.pdf"


def reasons(path: Path) -> list[tuple[str, str]]:
    standard = read_document(path.read_bytes(), path.name)
    return [(doubt.key, doubt.reason) for doubt in standard.doubts]


def test_glued_texts_and_a_title_or_count_that_disagree_are_each_a_doubt() -> None:
    assert reasons(DOUBTFUL) == [
        ("P1", "lower_case_after_stop"),
        ("P2", "ends_mid_phrase"),
        ("P3", "starts_mid_phrase"),
        ("title", "title_mismatch"),
        ("counts", "count_differs"),
    ]


def test_the_seeds_as_published_raise_no_doubt() -> None:
    for seed in seeds():
        parsed = msgspec.structs.replace(parse_text(seed.text()), code=seed.code, title=seed.title)
        assert with_doubts(parsed, []).doubts == [], seed.code


def test_abbreviations_and_endings_a_criterion_may_have_are_not_doubted() -> None:
    parsed = parse_text(
        "Performance criteria\nP1 use aids, e.g. hearing aids, as agreed\n"
        "P2 identify what the individual needs to deal with\n"
        "Knowledge and understanding\nK1 how to refer to\n"
    )
    assert text_doubts(parsed) == []


def test_the_catalogue_title_differing_only_in_case_quotes_or_spacing_is_no_doubt() -> None:
    parsed = msgspec.structs.replace(
        parse_text("Performance criteria\nP1 act\nKnowledge and understanding\nK1 why\n"),
        code="SCDHSC0389",
        title="work with carers,  families and key people to maintain contact with individuals.",
    )
    assert naming_doubts(parsed, catalogue_title=next(
        s.title for s in seeds() if s.code == "SCDHSC0389"), bundled_counts=(1, 1)) == []


def test_each_doubt_lowers_its_criterion_confidence_and_only_its_own() -> None:
    standard = read_document(DOUBTFUL.read_bytes())
    assert confidence(standard) == {"P1": 0.6, "P2": 0.7, "P3": 0.7, "K1": 1.0, "K2": 1.0}


def test_doubts_are_left_until_every_key_is_confirmed_or_all_are() -> None:
    doubts = read_document(DOUBTFUL.read_bytes()).doubts
    assert [d.key for d in unconfirmed(doubts, ["P1", "P2", "P3"])] == ["title", "counts"]
    assert unconfirmed(doubts, ["P1", "P2", "P3", "title", "counts"]) == []
    assert unconfirmed(doubts, ["all"]) == []


async def test_the_preview_marks_doubts_and_an_unconfirmed_import_is_refused(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    body = DOUBTFUL.read_bytes()
    preview = (await admin.client.post("/api/library/preview", content=body)).json()
    assert [(d["key"], d["reason"]) for d in preview["doubts"]][:2] == [
        ("P1", "lower_case_after_stop"),
        ("P2", "ends_mid_phrase"),
    ]
    assert preview["doubts"][0]["message"].startswith("P1 has a sentence")
    assert preview["confidence"]["P1"] < 1.0 == preview["confidence"]["K1"]
    assert preview["catalogue_title"].startswith("Work with carers, families")
    refused = await admin.client.post("/api/library/imports", content=body)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "uncertain_layout"
    assert error["detail"]["keys"] == ["P1", "P2", "P3", "title", "counts"]
    assert error["detail"]["doubts"][3]["reason"] == "title_mismatch"
    partly = await admin.client.post("/api/library/imports?confirm=P1,P2,P3", content=body)
    assert partly.json()["error"]["detail"]["keys"] == ["title", "counts"]
    assert (await admin.client.get("/api/library/standards")).json()["standards"] == []
    confirmed = await admin.client.post(
        "/api/library/imports?confirm=P1,P2,P3&confirm=title,counts", content=body
    )
    assert confirmed.status_code == 201, confirmed.text
    shown = (await admin.client.get("/api/library/standards/SCDHSC0389")).json()
    assert shown["standard"]["doubts"] == []


async def test_a_tight_table_pdf_is_refused_until_its_doubted_rows_are_confirmed(
    people: People,
) -> None:
    admin = await people.signed_in("administrator")
    headers = {"content-type": "application/pdf"}
    refused = await admin.client.post("/api/library/imports", content=TIGHT.read_bytes(),
                                      headers=headers)
    assert refused.status_code == 422, refused.text
    detail = refused.json()["error"]["detail"]
    assert "tie_break" in {d["reason"] for d in detail["doubts"]}
    assert "P2" in detail["keys"]
    confirmed = await admin.client.post(
        "/api/library/imports?confirm=" + ",".join(detail["keys"]),
        content=TIGHT.read_bytes(),
        headers=headers,
    )
    assert confirmed.status_code == 201, confirmed.text


def test_parse_prints_the_catalogue_name_and_each_doubt_with_the_text_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["standards", "parse", str(DOUBTFUL)]) == 0
    out = capsys.readouterr().out
    assert "catalogue: SCDHSC0389 Work with carers, families and key people" in out
    assert "doubts: 5 to check before importing" in out
    assert "  P2 [ends_mid_phrase] P2 ends mid-phrase" in out
    assert "      read as: that are important to them" in out
    assert "  title [title_mismatch] the catalogue names SCDHSC0389" in out


def test_import_refuses_unconfirmed_doubts_and_takes_confirm(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_template: Path
) -> None:
    database = tmp_path / "library.sqlite3"
    shutil.copy(sqlite_template, database)
    flags = ["--database-url", f"sqlite://{database}", "--data-dir", str(tmp_path)]
    assert main(["standards", "import", str(DOUBTFUL), *flags]) == 1
    err = capsys.readouterr().err
    assert "refused: uncertain_layout" in err and "P3 [starts_mid_phrase]" in err
    assert main(["standards", "import", str(DOUBTFUL), "--confirm", "all", *flags]) == 0
    assert "SCDHSC0389 version 1: 3 P, 2 K" in capsys.readouterr().out


def test_a_document_stating_only_a_catalogued_code_is_named_from_the_catalogue() -> None:
    standard = read_document(
        b"URN: SCDCCLD0202\n\nPerformance criteria\nP1 act on concerns about a child\n"
        b"Knowledge and understanding\nK1 why safeguarding matters\n"
    )
    assert (standard.code, standard.title) == ("SCDCCLD0202", "Support the safeguarding of children")
    assert standard.doubts == []
