"""Issue 17, day one: an empty board says what a board is and what to press first, in three lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.tui.app import TrioboardApp

from helpers import commits, run
from helpers.tui import SIZES, loaded, text_of, until


@pytest.mark.parametrize("size", SIZES)
async def test_an_empty_board_says_what_to_press_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: tuple[int, int]
) -> None:
    board = tmp_path / "acme"
    assert run(["init", str(board), "--name", "Acme"], capsys)[0] == 0
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        steps = app.query_one("#first-steps")
        assert steps.display, "an empty board shows its first steps"
        lines = text_of(steps).splitlines()
        assert len(lines) == 3 and steps.content_region.height == 3, "three lines, none wrapped"
        assert lines[0].startswith("A board is company goals")
        assert "g adds a company goal, t a team" in lines[1]
        assert "trioboard import csv FILE" in lines[2]
        before = commits(board)
        await pilot.press("g", *"Grow revenue", "enter")
        await until(pilot, lambda: commits(board) == before + 1, what="the first goal's commit")
        await until(pilot, lambda: not steps.display, what="the first steps to go")
        assert "  - id: grow-revenue\n" in (board / "board.yaml").read_text()


async def test_a_board_with_goals_shows_no_first_steps(board: Path) -> None:
    app = TrioboardApp(board, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert not app.query_one("#first-steps").display
