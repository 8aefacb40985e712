"""The server's criteria search (standards/search.py) runs the PWA's golden cases: one
algorithm, two twins, one oracle (standards/golden/)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from standards import search

GOLDEN = Path(__file__).resolve().parents[2] / "standards" / "golden"
CASES = json.loads((GOLDEN / "search-cases.json").read_text("utf-8"))
STANDARDS = json.loads((GOLDEN / "search-standards.json").read_text("utf-8"))


def _index() -> search.SearchIndex:
    entries = [
        search.Entry(f"{s['code']}/{s['version']}/{c['ref']}", s["code"], s["version"], c["ref"],
                     c["kind"], c["group"], c["text"], s["title"])
        for s in STANDARDS for c in s["criteria"]
    ]
    glossaries = {s["code"]: [search.Term(t["term"], t["definition"]) for t in s["glossary"]]
                  for s in STANDARDS}
    return search.SearchIndex(entries, glossaries)


INDEX = _index()


def _find(query: str, options: dict[str, Any] | None = None) -> list[search.Hit]:
    options = dict(options or {})
    return INDEX.search(query, options.pop("limit", 999), **options)


def test_the_stop_words_and_related_words_are_the_golden_files() -> None:
    assert list(search.STOPWORDS) == CASES["stopwords"]
    assert {k: list(v) for k, v in search.RELATED.items()} == CASES["related"]


def test_the_golden_corpus_is_what_the_parser_gives_for_the_bundled_standards() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_search_golden", GOLDEN.parents[1] / "scripts" / "make_search_golden.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert (GOLDEN / "search-standards.json").read_text("utf-8") == script.encoded(), (
        "run scripts/make_search_golden.py")


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_golden_case(case: dict[str, Any]) -> None:
    found = _find(case["query"], case.get("options"))
    keys = [h.entry.key for h in found]
    expect = case["expect"]
    if "keys" in expect:
        assert keys == expect["keys"]
    if "first" in expect:
        assert keys[: len(expect["first"])] == expect["first"]
    if "first_score" in expect:
        assert found[0].score == expect["first_score"]
    for key in expect.get("includes", []):
        assert key in keys
    if "count" in expect:
        assert len(keys) == expect["count"]
    if "same_as" in expect:
        assert sorted(keys) == sorted(h.entry.key for h in _find(expect["same_as"]))
    if "all_start" in expect:
        assert keys and all(k.startswith(expect["all_start"]) for k in keys)


def test_the_twins_rank_every_golden_query_identically_point_for_point() -> None:
    """Beyond the cases' expectations: the golden file's `rankings` (full rankings with
    points, which pwa/tests/criteria-search.test.js checks too) are the same here."""
    assert CASES["rankings"]
    for query, ranking in CASES["rankings"].items():
        assert [[h.entry.key, h.score] for h in _find(query)] == ranking, query
