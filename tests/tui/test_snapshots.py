"""Snapshots of every view on the demo board: 80×24, and the strategy tree at 120×40.

Run `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate
change of the look, and check the SVGs in tests/tui/__snapshots__/ by eye.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from trioboard.tui.app import TrioboardApp
from trioboard.tui.widgets import History

from helpers import demo_repo
from helpers.tui import loaded, screen_settled, until

Snap = Callable[..., bool]


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COLORFGBG", raising=False)
    return demo_repo(tmp_path)


def press(*keys: str, selected: str | None = None) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Wait for the board, press keys, and wait until the view has settled on `selected`."""

    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrioboardApp)
        await loaded(app, pilot)
        await pilot.press(*keys)
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor is in one frame and not the next
        await until(pilot, lambda: app.selected == selected, what=f"{selected} to be selected")
        # Let lists finish measuring and scrolling: a scrollbar's thumb moves by an eighth of a cell.
        await screen_settled(pilot)

    return run


@pytest.mark.parametrize(
    ("name", "keys", "selected"),
    [
        ("strategy", (), None),
        ("teams", ("2",), "checkout"),
        ("roadmap", ("3",), "one-click-pay"),
        pytest.param("findings", ("4",), "teams/partnerships.yaml:10", id="findings-keys-first-error"),
        ("help", ("question_mark",), None),
        ("find", ("slash", *"pay"), None),
    ],
)
def test_views_at_80x24(
    snap_compare: Snap, board: Path, name: str, keys: tuple[str, ...], selected: str | None
) -> None:
    run = press(*keys, selected=selected)
    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=(80, 24), run_before=run)


def test_history_at_80x24(snap_compare: Snap, board: Path) -> None:
    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrioboardApp)
        await loaded(app, pilot)
        await pilot.press("5")
        listing = app.query_one(History).query_one("#history-list", OptionList)
        await until(
            pilot, lambda: listing.option_count == 2 and "Loading" not in str(listing.get_option_at_index(0).prompt)
        )
        await screen_settled(pilot)

    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=(80, 24), run_before=run)


def test_blocked_item_detail_at_80x24(snap_compare: Snap, board: Path) -> None:
    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrioboardApp)
        await loaded(app, pilot)
        app.go_to("deposit-at-checkout")
        await until(pilot, lambda: app.selected == "deposit-at-checkout", what="deposit-at-checkout to be selected")
        await screen_settled(pilot)

    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=(80, 24), run_before=run)


def test_strategy_tree_at_120x40(snap_compare: Snap, board: Path) -> None:
    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrioboardApp)
        await loaded(app, pilot)
        app.go_to("one-click-pay")
        await until(pilot, lambda: app.selected == "one-click-pay", what="one-click-pay to be selected")
        await screen_settled(pilot)

    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=(120, 40), run_before=run)


@pytest.mark.parametrize(
    ("name", "keys", "selected"),
    [
        ("teams", ("2",), "checkout"),
        ("roadmap", ("3", "down", "right"), "deposit-at-checkout"),
        pytest.param("findings", ("4",), "teams/partnerships.yaml:10", id="findings-keys-first-error"),
        ("help", ("question_mark",), None),
        ("find", ("slash", *"avail"), None),
    ],
)
def test_views_at_120x40(
    snap_compare: Snap, board: Path, name: str, keys: tuple[str, ...], selected: str | None
) -> None:
    run = press(*keys, selected=selected)
    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=(120, 40), run_before=run)


def test_a_parse_error_in_findings_at_120x40(snap_compare: Snap, board: Path) -> None:
    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrioboardApp)
        await loaded(app, pilot)
        await pilot.press("4")
        listing = app.query_one("#findings-list")
        await until(pilot, lambda: listing.option_count > 0)  # type: ignore[attr-defined]
        listing.highlighted = next(  # type: ignore[attr-defined]
            n
            for n in range(listing.option_count)  # type: ignore[attr-defined]
            if "parse-error" in str(listing.get_option_at_index(n).prompt)  # type: ignore[attr-defined]
        )
        await pilot.press("enter")
        await screen_settled(pilot)

    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=(120, 40), run_before=run)


def test_a_commits_changes_in_history_at_120x40(snap_compare: Snap, board: Path) -> None:
    async def run(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrioboardApp)
        await loaded(app, pilot)
        await pilot.press("5")
        listing = app.query_one(History).query_one("#history-list", OptionList)
        await until(
            pilot, lambda: listing.option_count == 2 and "Loading" not in str(listing.get_option_at_index(0).prompt)
        )
        await pilot.press("enter")
        body = app.query_one("#detail-body")
        await until(pilot, lambda: "Changed" in str(body.content))  # type: ignore[attr-defined]
        await screen_settled(pilot)

    assert snap_compare(TrioboardApp(board, watch=False), terminal_size=(120, 40), run_before=run)
