"""Day one: `init`, then the first team, item and `check`, as the README's walk-through types them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import REPO_ROOT, git


def _walk_through() -> list[list[str]]:
    """The commands of the README's "Start your company's board" block, as a shell splits them."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- walk-through -->\n```sh\n(.*?)```\n<!-- /walk-through -->", readme, flags=re.S)
    assert found, "the README lost its walk-through block"
    return [shlex.split(line, comments=True) for line in found.group(1).splitlines() if line.strip()]


def test_the_first_team_of_a_new_board_is_added(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`init` then `edit add-team`: refused on main ("inside a symbolic link or a file"), a commit now."""
    board = tmp_path / "acme"
    assert main(["init", str(board)]) == 0
    assert git(board, "ls-files") == "board.yaml\nschema/board.schema.json\nschema/team.schema.json\nteams/.gitkeep\n"
    capsys.readouterr()
    assert main(["edit", "add-team", "checkout", "--name", "Checkout", "--board", str(board)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.endswith(" Add team checkout\n")
    # The editor hint `init` set up, then the team.
    assert (
        (board / "teams" / "checkout.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../schema/team.schema.json\nid: checkout\nname: Checkout\n")
    )
    assert git(board, "status", "--porcelain") == ""
    assert main(["check", str(board)]) == 0  # a team with no trio yet: warnings only
    assert "incomplete-trio" in capsys.readouterr().out


def test_add_team_makes_the_teams_folder_when_it_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A board made by hand (or by an older `init`) with no teams/ folder."""
    git(tmp_path, "init", "-q")
    (tmp_path / "board.yaml").write_text("name: Acme\ngoals: []\n", encoding="utf-8")
    git(tmp_path, "add", "board.yaml")
    git(tmp_path, "commit", "-qm", "board")
    assert main(["edit", "add-team", "checkout", "--name", "Checkout", "--board", str(tmp_path)]) == 0
    assert git(tmp_path, "show", "--name-only", "--format=%s", "HEAD") == "Add team checkout\n\nteams/checkout.yaml\n"


def test_add_team_never_writes_through_a_teams_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    board = tmp_path / "board"
    board.mkdir()
    git(board, "init", "-q")
    (board / "board.yaml").write_text("name: Acme\ngoals: []\n", encoding="utf-8")
    (board / "teams").symlink_to(elsewhere)
    git(board, "add", "board.yaml")
    git(board, "commit", "-qm", "board")
    assert main(["edit", "add-team", "checkout", "--name", "Checkout", "--board", str(board)]) == 1
    assert list(elsewhere.iterdir()) == []
    assert git(board, "log", "--format=%s") == "board\n"


def test_init_refuses_a_teams_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "acme"
    target.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (target / "teams").symlink_to(tmp_path / "elsewhere")
    assert main(["init", str(target)]) == 2
    assert "teams" in capsys.readouterr().err
    assert not (target / "board.yaml").exists() and list((tmp_path / "elsewhere").iterdir()) == []


def test_the_readme_walk_through_works_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = _walk_through()
    assert [c[0] for c in commands].count("trioboard") == len(commands) - 1, "only trioboard commands and one cd"
    outputs = []
    for command in commands:
        if command[0] == "cd":
            monkeypatch.chdir(Path.cwd() / command[1])
            continue
        assert main(command[1:]) == 0, (command, capsys.readouterr())
        outputs.append(capsys.readouterr())
    board = tmp_path / "acme"
    assert git(board, "log", "--format=%s") == (
        "Add item one-click-pay to checkout\n"
        "Add outcome checkout-conversion to checkout\n"
        "Add team checkout\n"
        "Add goal grow-revenue\n"
        "Create board Acme H2 2026\n"
    )
    check, log = outputs[-2], outputs[-1]
    assert check.out.startswith(".: no findings; coverage 100% (1 of 1 active") and check.out.endswith(
        "no blocked teams\n"
    )
    assert "Add item one-click-pay to checkout" in log.out
    team = (board / "teams" / "checkout.yaml").read_text(encoding="utf-8")
    assert "  - id: one-click-pay\n" in team and "    outcomes: [checkout-conversion]\n" in team
    assert git(board, "status", "--porcelain") == ""
