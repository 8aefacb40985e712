"""The signed-in person as the routes see them."""

from __future__ import annotations

import pytest

from base.errors import NotAllowed
from base.principal import Principal


def test_someone_in_no_organisation_is_refused_organisation_work() -> None:
    loner = Principal(1, None, frozenset(), 1, "dev-1", False)
    with pytest.raises(NotAllowed) as refused:
        loner.organisation()
    assert refused.value.code == "forbidden"


def test_a_member_gets_their_organisation() -> None:
    assert Principal(1, 7, frozenset({"worker"}), 1, "dev-1", False).organisation() == 7
