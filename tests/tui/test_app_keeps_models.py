"""The app keeps the parsed models once the board is on screen, so the next open skips parsing."""

from __future__ import annotations

from pathlib import Path

from trioboard.store import model_cache


async def test_the_app_keeps_the_models_once_the_board_is_on_screen(board: Path) -> None:
    from trioboard.tui.app import TrioboardApp

    from helpers.tui import loaded, until

    state_dir = board.parent.parent / ".git" / "trioboard"
    app = TrioboardApp(board, watch=False)
    async with app.run_test() as pilot:
        await loaded(app, pilot)
        await until(pilot, lambda: bool(list(state_dir.glob("models-*.pickle"))))
    assert set(model_cache.read(board)) == {"board.yaml", *(f"teams/{f.name}" for f in (board / "teams").iterdir())}
