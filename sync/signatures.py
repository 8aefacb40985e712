"""Signatures bound to what they signed (pure; twin: pwa/js/lib/signatures.js).

A witness signs the testimony's *signed fields*: the witness's name, role, relationship and
statement. At signing the phone stores, beside the signature image, `signed_digest`:
`"sha256:"` + the SHA-256 of those fields written as a compact JSON array
(`["name","role","relationship","statement"]`, UTF-8, no spaces, non-ASCII kept as is).
Afterwards anyone can tell whether the text is still the text that was signed:

- `unsigned`: no signature image;
- `signed`: the digest of the fields now equals the digest stored at signing;
- `changed`: it does not: the text changed after signing, and the item must be signed again;
- `unbound`: signed before signatures were bound (no digest stored): shown as signed, with
  the date, but nothing proves the text is unchanged.

A progress review is signed the same way (`review_signed_text`): its date held, who took
part, notes, actions and next due date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

SignatureState = Literal["unsigned", "signed", "changed", "unbound"]
WITNESS_FIELDS = ("name", "role", "relationship", "statement")
WORDS: dict[str, str] = {  # as the export says them (the PWA's twin: SIGNATURE_WORDS)
    "unsigned": "Not signed",
    "signed": "Signed",
    "changed": "Changed after signing: the text is not what was signed. It needs signing again.",
    "unbound": "Signed (recorded before signatures were bound to their text)",
}
REVIEW_FIELDS = ("held_on", "participants", "notes", "actions", "next_review_due")


def signed_text(fields: Mapping[str, Any], names: Sequence[str] = WITNESS_FIELDS) -> str:
    return json.dumps([str(fields.get(n) or "") for n in names], ensure_ascii=False,
                      separators=(",", ":"))


def digest(fields: Mapping[str, Any], names: Sequence[str] = WITNESS_FIELDS) -> str:
    return "sha256:" + hashlib.sha256(signed_text(fields, names).encode()).hexdigest()


def state(signed: bool, stored: object, fields: Mapping[str, Any],
          names: Sequence[str] = WITNESS_FIELDS) -> SignatureState:
    if not signed:
        return "unsigned"
    if not isinstance(stored, str):
        return "unbound"
    return "signed" if stored == digest(fields, names) else "changed"


def witness_state(witness: Mapping[str, Any] | None) -> SignatureState:
    w = witness or {}
    return state(bool(w.get("signature_sha256")), w.get("signed_digest"), w)


def review_states(review: Mapping[str, Any]) -> dict[str, SignatureState]:
    """The worker's and the assessor's signatures of a progress review."""
    return {
        who: state(bool(review.get(f"{who}_signed_at")), review.get(f"{who}_signed_digest"),
                   review, REVIEW_FIELDS)
        for who in ("worker", "assessor")
    }
