"""The signed-in person as the routes see them."""

from __future__ import annotations

import pytest

from server.endpoints import Principal
from server.errors import ApiError


def test_someone_in_no_organisation_is_refused_organisation_work() -> None:
    loner = Principal(1, None, frozenset(), 1, "dev-1", False)
    with pytest.raises(ApiError) as refused:
        loner.organisation()
    assert (refused.value.status, refused.value.code) == (403, "forbidden")


def test_a_member_gets_their_organisation() -> None:
    assert Principal(1, 7, frozenset({"worker"}), 1, "dev-1", False).organisation() == 7
