"""The domain refuses without HTTP (base/errors.py); server/errors.py alone gives each kind of
refusal its HTTP status."""

from __future__ import annotations

from base import errors as domain
from server.errors import STATUS, from_domain

KINDS = {kind for kind in vars(domain).values()
         if isinstance(kind, type) and issubclass(kind, domain.DomainError)
         and kind is not domain.DomainError}


def test_every_kind_of_refusal_has_its_http_status_in_one_table() -> None:
    assert KINDS == set(STATUS)
    assert len(set(STATUS.values())) == len(STATUS)  # one kind per status


def test_a_refusal_keeps_its_code_message_and_detail_over_http() -> None:
    answer = from_domain(domain.Invalid("uncertain_layout", "Check P3.", detail={"keys": ["P3"]}))
    assert (answer.status, answer.code, answer.message, answer.detail, answer.headers) == (
        422, "uncertain_layout", "Check P3.", {"keys": ["P3"]}, {})


def test_a_busy_refusal_says_when_to_try_again() -> None:
    answer = from_domain(domain.Busy("upload_busy", "Try again shortly.", retry_after=5))
    assert (answer.status, answer.headers) == (503, {"Retry-After": "5"})


def test_a_resumable_upload_is_told_where_to_resume() -> None:
    answer = from_domain(domain.Conflict("offset_mismatch", "Resume at byte 7.",
                                         detail={"offset": 7}))
    assert (answer.status, answer.headers["Upload-Offset"]) == (409, "7")
