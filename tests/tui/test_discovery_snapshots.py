"""Snapshots of the Discovery view and the touchpoint form (E), at 80×24 and 120×40.

Run `pytest tests/tui/test_discovery_snapshots.py --snapshot-update` after a
deliberate change of the look, and check the SVGs by eye.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from trioboard.tui.app import TrioboardApp
from trioboard.tui.evidence_dialogs import EvidenceForm

from helpers.discovery_tui import discovery_board, fixed_today
from helpers.tui import SIZES, loaded, screen_settled, until

Snap = Callable[..., bool]


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COLORFGBG", raising=False)
    fixed_today(monkeypatch)
    return discovery_board(tmp_path)


async def _discovery(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TrioboardApp)
    await loaded(app, pilot)
    await pilot.press("7")
    await until(pilot, lambda: app.active_tab == "discovery")
    await pilot.press("asterisk")
    app.go_to("card-reentry")
    await until(pilot, lambda: app.selected == "card-reentry")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_the_discovery_view(snap_compare: Snap, board: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await _discovery(pilot)
        await screen_settled(pilot)

    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_the_touchpoint_form(snap_compare: Snap, board: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await _discovery(pilot)
        await pilot.press("E")
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, EvidenceForm))
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor is in one frame and not the next
        await screen_settled(pilot)

    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=size, run_before=run)
