"""Snapshots of the measure (`#`) and impact (`i`) forms at 80×24, prefilled from the board.

Run `pytest tests/tui/test_form_snapshots.py --snapshot-update` after a
deliberate change of the look, and check the SVGs by eye.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Form

from helpers.impact_history import TODAY, impact_repo
from helpers.tui import loaded, screen_settled, until

Snap = Callable[..., bool]


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COLORFGBG", raising=False)
    return impact_repo(tmp_path / "board")


@pytest.mark.parametrize(("node", "key"), [("checkout-conversion", "#"), ("one-click-pay", "i")])
def test_the_form_at_80x24(snap_compare: Snap, board: Path, node: str, key: str) -> None:
    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrioboardApp)
        await loaded(app, pilot)
        app.go_to(node)
        await until(pilot, lambda: app.selected == node, what=f"{node} selected")
        await pilot.press(key)
        await until(pilot, lambda: isinstance(app.screen, Form), what="the form")
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor is in one frame and not the next
        await screen_settled(pilot)

    app = TrioboardApp(board, watch=False, today=datetime.date.fromisoformat(TODAY))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
