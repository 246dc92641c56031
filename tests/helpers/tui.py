"""Shared helpers for the TUI tests: a demo repository with a fixed history, and waiting."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot

from trioboard.tui.app import TrioboardApp

from conftest import DEMO

# The two sizes issue 10 asks every TUI expectation to hold at: a small terminal and a roomy one.
SIZES = [(80, 24), (120, 40)]

FIXED = {
    "GIT_AUTHOR_NAME": "Dana Ortiz",
    "GIT_AUTHOR_EMAIL": "dana@example.com",
    "GIT_COMMITTER_NAME": "Dana Ortiz",
    "GIT_COMMITTER_EMAIL": "dana@example.com",
    "GIT_AUTHOR_DATE": "2026-06-02T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-06-02T10:00:00+00:00",
}


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    ).stdout


def demo_repo(where: Path) -> Path:
    """The demo board in a fresh repository whose commits have fixed ids."""
    board = where / "demo"
    shutil.copytree(DEMO, board)
    git(board, "init", "-q")
    git(board, "add", "-A")
    git(board, "commit", "-qm", "Create the Fernway demo board", env=FIXED)
    text = (board / "teams" / "growth.yaml").read_text().replace("    horizon: next\n", "    horizon: now\n", 1)
    (board / "teams" / "growth.yaml").write_text(text)
    git(
        board, "commit", "-qam", "Pull the app-store refresh into now", env={**FIXED, "GIT_AUTHOR_NAME": "Lena Fischer"}
    )
    return board


async def loaded(app: TrioboardApp, pilot: Pilot[None], timeout: float = 10.0) -> None:
    """Wait until the app shows its first state and has mounted every view."""
    deadline = time.monotonic() + timeout
    while not (app.loaded.is_set() and app.ready.is_set()):
        assert time.monotonic() < deadline, "the board never loaded"
        await pilot.pause(0.02)
    await pilot.pause()


async def until(pilot: Pilot[None], check: object, timeout: float = 10.0) -> None:
    """Wait until `check()` is true (a commit landed, a view refreshed)."""
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.05)
    await pilot.pause()


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo board in a fresh repository, drawn in the default (dark) theme."""
    monkeypatch.delenv("COLORFGBG", raising=False)
    return demo_repo(tmp_path)


def commits(board: Path) -> int:
    """How many commits the board's branch has."""
    return int(git(board, "rev-list", "--count", "HEAD"))


def text_of(widget: object) -> str:
    """What a Static-like widget shows, as plain text."""
    content = widget.content  # type: ignore[attr-defined]
    return content.plain if isinstance(content, Text) else str(content)


def detail_text(app: TrioboardApp) -> str:
    """What the detail pane shows."""
    return text_of(app.query_one("#detail-body"))


def notices(app: TrioboardApp) -> list[str]:
    """The toasts shown, oldest first."""
    return [n.message for n in app._notifications]
