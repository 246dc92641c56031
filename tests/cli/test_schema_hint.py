"""The editor hint (SPEC 12): `init` and `edit add-team` point YAML language servers at the board's schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from trioboard.core.json_schema import DIALECT

from helpers import git, run

_HINT = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def _schema_of(path: Path) -> dict[str, object]:
    """The schema a YAML language server loads for `path`: its first line's relative path, resolved offline."""
    first = path.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    match = _HINT.fullmatch(first)
    assert match, first
    loaded: dict[str, object] = json.loads((path.parent / match.group(1)).read_text(encoding="utf-8"))
    return loaded


def test_init_and_add_team_write_hints_that_resolve_in_the_board(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = tmp_path / "acme"
    assert run(["init", str(board)], capsys)[0] == 0
    board_schema = _schema_of(board / "board.yaml")
    assert board_schema == json.loads(run(["schema", "board"], capsys)[1])
    assert board_schema["$schema"] == DIALECT
    (board / "teams").mkdir(exist_ok=True)
    code, _out, err = run(["edit", "add-team", "pay", "--name", "Pay", "--board", str(board)], capsys)
    assert (code, err) == (0, "")
    team_schema = _schema_of(board / "teams" / "pay.yaml")
    assert team_schema == json.loads(run(["schema", "team"], capsys)[1])
    jsonschema.validate({"id": "pay", "name": "Pay", "outcomes": [], "roadmap": []}, team_schema)
    assert git(board, "status", "--porcelain") == ""
    assert run(["check", str(board), "--fail-on", "error"], capsys)[0] == 0


def test_add_team_writes_no_hint_where_the_board_holds_no_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = tmp_path / "acme"
    assert run(["init", str(board)], capsys)[0] == 0
    git(board, "rm", "-q", "-r", "schema")
    git(board, "commit", "-q", "-m", "No schema here")
    (board / "teams").mkdir(exist_ok=True)
    assert run(["edit", "add-team", "pay", "--name", "Pay", "--board", str(board)], capsys)[0] == 0
    assert (board / "teams" / "pay.yaml").read_text(encoding="utf-8").startswith("id: pay\nname: Pay\n")
