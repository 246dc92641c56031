"""Shared fixtures: a git identity, small boards written to tmp_path, the demo board in a repository."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.results import BoardState

from helpers import BoardFactory, demo_repo, write_board


@pytest.fixture(autouse=True)
def git_identity(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs with a known git identity and none of the machine's git config."""
    config = tmp_path_factory.mktemp("gitconfig") / "config"
    config.write_text("[user]\n\tname = Test Planner\n\temail = planner@example.com\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return config


@pytest.fixture
def make_board(tmp_path: Path) -> BoardFactory:
    """Write a board into a fresh directory and return its path."""
    counter = iter(range(1000))

    def make(board: str, teams: dict[str, str] | None = None) -> Path:
        return write_board(tmp_path / f"board{next(counter)}", board, teams)

    return make


@pytest.fixture
def load_board(make_board: BoardFactory) -> Callable[..., BoardState]:
    """Write a board and load it."""

    def load(board: str, teams: dict[str, str] | None = None) -> BoardState:
        return workspace.load(make_board(board, teams))

    return load


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo board in a fresh repository with a fixed history, drawn in the default (dark) theme.

    A module that defines its own `board` fixture keeps it.
    """
    monkeypatch.delenv("COLORFGBG", raising=False)
    return demo_repo(tmp_path)
