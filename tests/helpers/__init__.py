"""What the tests share: where things are, one `git()`, small boards, the CLI and golden files.

Every test module imports its helpers from here (`helpers`, `helpers.tui`,
`helpers.serve`, `helpers.remote`), never from another test module. The
fixtures live in `tests/conftest.py`. `tests/` is on `sys.path` (pytest's
`pythonpath` in pyproject.toml), so `import helpers` works from every layer's
folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from trioboard.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
"""The repository's top: the folder holding `trioboard/` and `tests/`."""
DEMO = REPO_ROOT / "trioboard" / "data" / "demo"
"""The demo board `trioboard demo` writes."""
REAL_BOARDS = REPO_ROOT.parent / "shared" / "real-boards"
"""Boards made from real planning data, kept beside the repository (absent: their tests skip)."""
HANDWRITTEN = REPO_ROOT / "tests" / "data" / "handwritten"
"""A heavily commented, hand-written board in several YAML styles."""
GOLDEN = REPO_ROOT / "tests" / "golden"
"""Expected outputs, byte for byte; `UPDATE_GOLDEN=1` rewrites them."""
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

BoardFactory = Callable[..., Path]

_REDIRECTING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")
"""Variables that would point git at another repository than the one at `cwd`."""


def git_run(
    cwd: Path, *args: str, check: bool = True, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `git ARGS` in `cwd` and return the finished process (for its return code and stderr).

    git always works on the repository at `cwd`: variables that would redirect
    it (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, which a test may set for the
    code under test) are dropped; `env` is laid over the rest of the
    environment. With `check`, a failure is an AssertionError carrying git's stderr.
    """
    full_env = {k: v for k, v in os.environ.items() if k not in _REDIRECTING}
    full_env.update(env or {})
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=full_env, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} in {cwd} exited {done.returncode}: {done.stderr}")
    return done


def git(cwd: Path, *args: str, check: bool = True, env: Mapping[str, str] | None = None) -> str:
    """Run `git ARGS` in `cwd` and return its stdout (see `git_run`)."""
    return git_run(cwd, *args, check=check, env=env).stdout


def commit_all(repo: Path, message: str) -> None:
    """Stage everything in `repo` and commit it."""
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


FIXED = {
    "GIT_AUTHOR_NAME": "Dana Ortiz",
    "GIT_AUTHOR_EMAIL": "dana@example.com",
    "GIT_COMMITTER_NAME": "Dana Ortiz",
    "GIT_COMMITTER_EMAIL": "dana@example.com",
    "GIT_AUTHOR_DATE": "2026-06-02T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-06-02T10:00:00+00:00",
}
"""An author, committer and date that make commit ids the same on every run."""


def demo_repo(where: Path) -> Path:
    """The demo board in a fresh repository at `where/demo` whose two commits have fixed ids."""
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


def driver_repo(tmp_path: Path) -> Path:
    """The demo board at the top of a repository whose merges use trioboard's driver (on branch main)."""
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo)
    git_run(repo, "init", "-q", "-b", "main")
    (repo / ".gitattributes").write_text("board.yaml merge=trioboard\nteams/*.yaml merge=trioboard\n")
    git_run(repo, "config", "merge.trioboard.driver", f"'{sys.executable}' -m trioboard merge-file %O %A %B %P")
    git_run(repo, "add", "-A")
    git_run(repo, "commit", "-qm", "Start")
    return repo


def commits(board: Path) -> int:
    """How many commits the board's branch has."""
    return int(git(board, "rev-list", "--count", "HEAD"))


def subjects(board: Path, n: int) -> list[str]:
    """The subjects of the branch's last `n` commits, newest first."""
    return git(board, "log", f"-{n}", "--format=%s").splitlines()


def write_board(root: Path, board: str, teams: dict[str, str] | None = None) -> Path:
    """Write board.yaml and teams/<name>.yaml (dedented) under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "board.yaml").write_text(textwrap.dedent(board), encoding="utf-8")
    if teams:
        (root / "teams").mkdir(exist_ok=True)
        for name, text in teams.items():
            (root / "teams" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def real_board(name: str) -> Path:
    """A board from ../shared/real-boards, or skip the test when it is absent."""
    path = REAL_BOARDS / name
    if not (path / "board.yaml").is_file():
        pytest.skip(f"{path} is absent: the real boards live in ../shared beside the repository")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in this process: its exit code, stdout and stderr."""
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def golden(name: str, actual: str) -> None:
    """Assert `actual` is the golden file `tests/golden/NAME` (rewrite it with UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}; UPDATE_GOLDEN=1 rewrites it"
