"""`Workspace.edit_many`: several additions, one commit, the same files as one edit after another."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core.edits import AddItem, AddOutcome, AddTeam, Refused
from trioboard.workspace import Workspace

from helpers import git

TITLES = [
    "Plain title",
    "Title: with a colon",
    "yes",
    "123",
    "Ends with a dash -",
    "A # not a comment",
    "'quoted'",
    "Ünïcode – dash",
    "Another plain one",
]


def _fresh(path: Path) -> Workspace:
    path.mkdir()
    git(path, "init", "-q")
    (path / "board.yaml").write_text("name: Acme\ngoals: []\n", encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-qm", "board")
    return Workspace(path)


def _ops() -> list[AddTeam | AddOutcome | AddItem]:
    ops: list[AddTeam | AddOutcome | AddItem] = [AddTeam("core", "Core"), AddOutcome("faster", "core", "Faster")]
    for n, title in enumerate(TITLES):
        deps = (f"i{n - 1}",) if n else ()
        owner = "Ada Lovelace" if n % 3 == 0 else title if n % 3 == 1 else None
        tags = ("mobile", "pci") if n % 2 else ()
        ops.append(AddItem(f"i{n}", "core", title, ("faster",), "now" if n % 2 else None, None, deps, owner, tags))
    return ops


def test_many_additions_write_what_one_edit_after_another_writes(tmp_path: Path) -> None:
    one_by_one = _fresh(tmp_path / "one")
    for op in _ops():
        one_by_one.edit(op)
    together = _fresh(tmp_path / "many")
    result = together.edit_many(_ops(), "Import 9 items")
    assert result is not None and result.message == "Import 9 items"
    team = "teams/core.yaml"
    assert (tmp_path / "many" / team).read_text(encoding="utf-8") == (tmp_path / "one" / team).read_text(
        encoding="utf-8"
    )
    assert git(tmp_path / "many", "log", "--format=%s") == "Import 9 items\nboard\n"
    assert together.board().teams[0].items[3].title == "123"


def test_a_refused_addition_writes_nothing(tmp_path: Path) -> None:
    space = _fresh(tmp_path / "b")
    ops = [*_ops(), AddItem("i0", "core", "Again")]
    with pytest.raises(Refused, match="i0 is already taken"):
        space.edit_many(ops, "Import")
    assert git(tmp_path / "b", "log", "--format=%s") == "board\n"
    assert not (tmp_path / "b" / "teams").exists()


def test_a_dry_run_checks_and_writes_nothing(tmp_path: Path) -> None:
    space = _fresh(tmp_path / "d")
    assert space.edit_many(_ops(), "Import", dry_run=True) is None
    with pytest.raises(Refused, match="there is no team 'nope'"):
        space.edit_many([AddItem("x", "nope", "X")], "Import", dry_run=True)
    assert git(tmp_path / "d", "status", "--porcelain") == ""


def test_a_tag_that_is_not_an_id_is_refused_at_its_field(tmp_path: Path) -> None:
    space = _fresh(tmp_path / "t")
    with pytest.raises(Refused, match="a tag is an id") as refused:
        space.edit_many([AddTeam("core", "Core"), AddItem("x", "core", "X", tags=("Tech Debt",))], "Import")
    assert refused.value.field == "tags"
    assert git(tmp_path / "t", "log", "--format=%s") == "board\n"
