"""Shared fixtures: small boards written to tmp_path, a git identity, the real boards."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.results import BoardState

# The TUI tests share tui_helpers' `board` fixture (a file that defines its own keeps it).
pytest_plugins = ["tui_helpers"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO = REPO_ROOT / "trioboard" / "data" / "demo"
REAL_BOARDS = REPO_ROOT.parent / "shared" / "real-boards"

BoardFactory = Callable[..., Path]


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


def write_board(root: Path, board: str, teams: dict[str, str] | None = None) -> Path:
    """Write board.yaml and teams/<name>.yaml (dedented) under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "board.yaml").write_text(textwrap.dedent(board), encoding="utf-8")
    if teams:
        (root / "teams").mkdir(exist_ok=True)
        for name, text in teams.items():
            (root / "teams" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


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


def real_board(name: str) -> Path:
    """A board from ../shared/real-boards, or skip the test when it is absent."""
    path = REAL_BOARDS / name
    if not (path / "board.yaml").is_file():
        pytest.skip(f"{path} is absent: the real boards live in ../shared beside the repository")
    return path
