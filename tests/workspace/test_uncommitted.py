"""Board files changed by hand: seen, and committed on request rather than refused (issue 10, feedback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core.edits import Refused
from trioboard.workspace import Workspace

from helpers import demo_repo, git


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return demo_repo(tmp_path)


def test_hand_edits_are_listed_and_committed_alone(board: Path) -> None:
    space = Workspace(board)
    assert space.uncommitted() == []
    growth = board / "teams" / "growth.yaml"
    growth.write_text(growth.read_text().replace("Dark mode for the app", "Dark mode, by hand"))
    (board / "notes.txt").write_text("not a board file\n")
    git(board, "add", "notes.txt")
    assert space.uncommitted() == ["teams/growth.yaml"]
    result = space.commit_uncommitted(["teams/growth.yaml"])
    assert git(board, "log", "-1", "--format=%s").strip() == (
        "Commit changes to teams/growth.yaml made outside trioboard"
    )
    assert result.message.startswith("Commit changes to teams/growth.yaml")
    assert git(board, "show", "--name-only", "--format=", "HEAD") == "teams/growth.yaml\n"
    assert space.uncommitted() == []
    # What the user staged and did not ask to commit stays staged, uncommitted.
    assert git(board, "status", "--porcelain").splitlines() == ["A  notes.txt"]


def test_a_file_that_does_not_parse_is_not_committed(board: Path) -> None:
    space = Workspace(board)
    growth = board / "teams" / "growth.yaml"
    growth.write_text(growth.read_text() + "  - id: [unclosed\n")
    before = git(board, "rev-parse", "HEAD")
    with pytest.raises(Refused, match=r"teams/growth\.yaml does not parse"):
        space.commit_uncommitted(["teams/growth.yaml"])
    assert git(board, "rev-parse", "HEAD") == before


def test_the_last_commit_names_who_and_what(board: Path) -> None:
    info = Workspace(board).last_commit()
    assert info is not None
    assert (info.author, info.subject) == ("Lena Fischer", "Pull the app-store refresh into now")
