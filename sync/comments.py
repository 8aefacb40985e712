"""The rules a comment on an evidence item keeps, decided purely (twin: pwa/js/lib/comments.js).

A comment is a short message in the thread of one evidence item, between the worker whose
portfolio it is and their assessor(s). It is a `comment` record in the item's own portfolio
scope, so exactly the people who may read the item read its thread (the scope's readers:
the worker, the assessors of an active enrolment, the organisation's quality assurers), and
only the worker and their assessors may write one (the kind's creators).

1. The evidence it is about must be a live record of the same scope: a comment on an item
   the author cannot see (another portfolio's, deleted, or never pushed) is refused,
   `comment_item_not_found`.
2. Its text, without surrounding white space, is not empty: otherwise `comment_empty`.
3. Every field is write-once: a comment is never edited or deleted, so the thread is a
   record of what was said (the merge core enforces it: its fields have no writers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_LENGTH = 2_000


def refusal(comment: Mapping[str, Any], evidence: Mapping[str, Any] | None,
            ) -> tuple[str, str] | None:
    """Why the comment (its fields) may not be recorded on `evidence` (its fields, or None
    when there is no live record of that id in the comment's scope), or None when it may."""
    if evidence is None:
        return ("comment_item_not_found",
                "The evidence this comment is about is not in the portfolio.")
    if not str(comment.get("body") or "").strip():
        return "comment_empty", "Write something before sending a comment."
    return None
