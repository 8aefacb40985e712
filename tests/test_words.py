"""Every rejection and conflict code the server can give has a sentence in the PWA's one
vocabulary (pwa/js/lib/words.js), and the vocabulary names no code the server never gives:
no raw code reaches a screen, and no sentence is left behind for a code that went away."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ROOT / "pwa" / "js" / "lib" / "words.js"


def server_codes(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in [*ROOT.joinpath("sync").rglob("*.py"), *ROOT.joinpath("server").rglob("*.py")]:
        found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def table(name: str) -> set[str]:
    text = WORDS.read_text(encoding="utf-8")
    block = re.search(rf"export const {name} = \{{(.*?)\n\}};", text, re.S)
    assert block, f"{name} not found in words.js"
    return set(re.findall(r"^\s+([a-z_]+):", block.group(1), re.M))


def test_every_rejection_code_has_a_sentence_and_no_sentence_is_stale() -> None:
    # reject("code", ...) in the merge core, and the (code, message) refusals of the rule
    # modules it calls (decisions, signatures)
    codes = server_codes(r'reject\(\s*"([a-z_]+)"') | server_codes(r'return \(?\s*"([a-z_]+)",\s*f?"')
    assert codes, "no rejection codes found: the pattern no longer matches the merge core"
    assert table("REJECTION_SENTENCES") == codes


def test_every_conflict_reason_has_a_sentence_and_no_sentence_is_stale() -> None:
    reasons = server_codes(r'Conflict\(\s*[^,]+,\s*"([a-z_]+)"')
    assert reasons, "no conflict reasons found: the pattern no longer matches the merge core"
    # restored_after_delete is no longer given, but phones may hold records made before
    assert table("CONFLICT_SENTENCES") == reasons | {"restored_after_delete"}


def test_every_item_state_has_a_word_and_a_sentence() -> None:
    view = (ROOT / "pwa" / "js" / "lib" / "view.js").read_text(encoding="utf-8")
    typedef = re.search(r"@typedef \{([^}]*)\} ItemState", view)
    assert typedef
    states = set(re.findall(r'"([a-z]+)"', typedef.group(1)))
    assert table("STATE_WORDS") == states
    assert table("STATE_SENTENCES") == states
