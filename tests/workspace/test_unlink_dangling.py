"""A link to an id that names nothing can be removed whatever else on the board fails to parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core.edits import Refused, Unlink
from trioboard.workspace import Workspace

from helpers import commit_all, subjects


def dangling(board: Path) -> Path:
    """metrics-layer serves `ghost`, which names nothing; teams/partnerships.yaml (the demo's) does not parse."""
    insights = board / "teams" / "insights.yaml"
    text = insights.read_text()
    insights.write_text(
        text.replace("outcomes: [self-serve-dashboards]", "outcomes: [self-serve-dashboards, ghost]", 1)
    )
    commit_all(board, "A link to nothing")
    return insights


def test_unlink_a_dangling_link_while_another_file_does_not_parse(board: Path) -> None:
    insights = dangling(board)
    workspace = Workspace(board)
    assert any(p.rule == "parse-error" for e in workspace.board().problems for p in e.problems)
    result = workspace.edit(Unlink("metrics-layer", "ghost"))
    assert subjects(board, 1) == [result.message.partition("\n")[0]]
    assert "Unlink metrics-layer from ghost" in subjects(board, 1)[0]
    assert "outcomes: [self-serve-dashboards]\n" in insights.read_text()
    assert "ghost" not in insights.read_text()


def test_unlinking_an_id_that_is_not_linked_is_still_refused(board: Path) -> None:
    dangling(board)
    with pytest.raises(Refused, match="no goal, team, outcome, opportunity or item has the id 'nowhere'"):
        Workspace(board).edit(Unlink("metrics-layer", "nowhere"))
