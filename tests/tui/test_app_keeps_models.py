"""The app keeps the parsed models once the board is on screen, so the next open skips parsing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from trioboard.store import model_cache

from helpers import DEMO


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """The demo board below the top of a repository that has no commit yet."""
    root = tmp_path / "repo" / "boards" / "demo"
    shutil.copytree(DEMO, root)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "repo", check=True)
    return root


async def test_the_app_keeps_the_models_once_the_board_is_on_screen(board: Path) -> None:
    from trioboard.tui.app import TrioboardApp

    from helpers.tui import loaded, until

    state_dir = board.parent.parent / ".git" / "trioboard"
    app = TrioboardApp(board, watch=False)
    async with app.run_test() as pilot:
        await loaded(app, pilot)
        await until(pilot, lambda: bool(list(state_dir.glob("models-*.pickle"))), what="the models to be kept")
    assert set(model_cache.read(board)) == {"board.yaml", *(f"teams/{f.name}" for f in (board / "teams").iterdir())}
