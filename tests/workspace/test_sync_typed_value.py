"""A sync conflict settled by a value the trio typed: written as the field's value, checked as `edit set` checks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core.edits import Refused
from trioboard.core.results import TypedValue
from trioboard.workspace import Workspace

from helpers import git
from helpers.remote import diverged, top


def test_a_typed_value_becomes_the_fields_value(tmp_path: Path) -> None:
    remote, b = diverged(tmp_path)
    result = Workspace(b).sync(
        prefer={("one-click-pay", "owner"): TypedValue("Ann & Bea: pair"), ("one-click-pay", "horizon"): "theirs"}
    )
    assert not result.stopped and result.pushed
    text = remote.board_file("teams/checkout.yaml")
    assert "owner: 'Ann & Bea: pair'\n" in text and "horizon: later" in text
    assert "<<<<<<<" not in text
    assert git(top(b), "status", "--porcelain").strip() == ""


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("horizon", "someday", "'someday' is not one of now, next, later"),
        ("owner", "two\nlines", "owner"),
        ("owner", "   ", "the value is empty"),
    ],
)
def test_a_typed_value_edit_set_would_refuse_is_refused_and_nothing_changes(
    tmp_path: Path, field: str, value: str, why: str
) -> None:
    remote, b = diverged(tmp_path)
    head, theirs = git(top(b), "rev-parse", "HEAD"), remote.head()
    choices: dict[tuple[str, str | None], str | TypedValue] = {
        ("one-click-pay", "owner"): "mine",
        ("one-click-pay", "horizon"): "mine",
    }
    with pytest.raises(Refused, match=why):
        Workspace(b).sync(prefer={**choices, ("one-click-pay", field): TypedValue(value)})
    assert (git(top(b), "rev-parse", "HEAD"), remote.head()) == (head, theirs)
