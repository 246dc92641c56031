"""Snapshots of the Impact view at 80×24 and 120×40, and of the check-in form, on a board with a git history.

Run `pytest tests/tui/test_impact_snapshots.py --snapshot-update` after a
deliberate change of the look, and check the SVGs by eye.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from trioboard.tui.app import TrioboardApp
from trioboard.tui.dialogs import Form
from trioboard.tui.widgets import Impact

from helpers.impact_history import TODAY, impact_repo
from helpers.tui import SIZES, loaded, screen_settled, until

Snap = Callable[..., bool]


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COLORFGBG", raising=False)
    return impact_repo(tmp_path / "board")


def app_on(board: Path) -> TrioboardApp:
    return TrioboardApp(board, watch=False, today=datetime.date.fromisoformat(TODAY))


async def impact_shown(pilot: Pilot[None], selected: str) -> None:
    """Open Impact, wait for the check-ins from git, put the cursor on `selected`."""
    app = pilot.app
    assert isinstance(app, TrioboardApp)
    await loaded(app, pilot)
    await pilot.press("6")
    listing = app.query_one(Impact).query_one("#impact-list", OptionList)

    def ready() -> bool:
        prompts = [str(getattr(o.prompt, "plain", "")) for o in listing.options]
        return any("check-ins" in p for p in prompts) and not any("reading check-ins" in p for p in prompts)

    await until(pilot, ready, what="the check-ins")
    app.go_to(selected)
    await until(pilot, lambda: app.selected == selected, what=f"{selected} to be selected")


@pytest.mark.parametrize("size", SIZES)
def test_the_impact_view(snap_compare: Snap, board: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await impact_shown(pilot, "checkout-conversion")
        await screen_settled(pilot)

    assert snap_compare(app_on(board), terminal_size=size, run_before=run)


async def check_in_form_open(pilot: Pilot[None]) -> None:
    """Press `c` on checkout-conversion, type 66.5, and wait for the form to stand still."""
    await impact_shown(pilot, "checkout-conversion")
    await pilot.press("c", *"66.5")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, Form), what="the form")
    for field in app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor is in one frame and not the next
    await screen_settled(pilot)


def test_the_check_in_form_at_80x24(snap_compare: Snap, board: Path) -> None:
    assert snap_compare(app_on(board), terminal_size=(80, 24), run_before=check_in_form_open)


def test_the_check_in_form_at_120x40(snap_compare: Snap, board: Path) -> None:
    assert snap_compare(app_on(board), terminal_size=(120, 40), run_before=check_in_form_open)
