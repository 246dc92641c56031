"""The first open of a large board parses a share of its files in a second process."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import trioboard.workspace.reader as workspace_module
from trioboard.core.results import BoardState
from trioboard.store import read_ahead
from trioboard.workspace import Workspace

from helpers import DEMO

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="read-ahead forks")


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(DEMO, root)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    # The demo is small: read it ahead as if it were large, on two cores whatever the machine has.
    monkeypatch.setattr(workspace_module, "READ_AHEAD_BYTES", 0)
    monkeypatch.setattr(read_ahead, "cores", lambda: 2)
    return root


def shown(state: BoardState) -> tuple[list[str], list[str]]:
    return [f"{i.id} {i.title} {i.horizon}" for i in state.board.items()], [f.message for f in state.findings]


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = workspace_module.read_source  # type: ignore[attr-defined]  # imported there, patched there

    def counting(root: Path, path: str) -> object:
        parsed.append(path)
        return real(root, path)

    monkeypatch.setattr(workspace_module, "read_source", counting)
    return parsed


def test_the_child_parses_its_share_and_the_board_is_the_same(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = shown(Workspace(board).state())
    opened = Workspace(board)
    opened.read_ahead()
    ahead = opened._ahead
    assert ahead is not None and ahead.paths
    parsed = count_parses(monkeypatch)  # counts in this process only: the child forked before
    assert shown(opened.state()) == expected
    every = {"board.yaml", *(f"teams/{f.name}" for f in (board / "teams").iterdir())}
    assert set(parsed) == every - ahead.paths
    assert not ahead.paths & set(parsed)


def test_a_child_that_fails_leaves_the_parsing_to_this_process(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = shown(Workspace(board).state())

    def broken(self: Workspace, path: str, *, head: bool) -> object:
        raise RuntimeError("the child falls over")

    opened = Workspace(board)
    with monkeypatch.context() as patch:
        patch.setattr(Workspace, "_parse", broken)
        opened.read_ahead()  # the child is forked with the broken parser
    assert opened._ahead is not None
    parsed = count_parses(monkeypatch)
    assert shown(opened.state()) == expected
    assert len(parsed) == 1 + len(list((board / "teams").iterdir())), "every file parsed here"


def test_a_file_changed_after_the_child_started_is_read_as_it_is_now(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Workspace(board)
    opened.read_ahead()
    assert opened._ahead is not None
    # The child writes its models once it has parsed every file: as they were, stale now.
    assert select.select([opened._ahead.pipe], [], [], 30)[0], "the child never wrote its models"
    edited = 0
    for path in opened._ahead.paths:
        file = board / path
        text = file.read_text()
        if "  title: " in text:
            file.write_text(text.replace("  title: ", "  title: Now ", 1))
            edited += 1
    titles = [node.title for node in opened.state().board.nodes()]
    assert edited and len([title for title in titles if title.startswith("Now ")]) == edited


def test_no_second_process_when_the_models_are_kept_or_there_is_one_core(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Workspace(board)
    first.state()
    first.keep_models()
    kept = Workspace(board)
    kept.read_ahead()
    assert kept._ahead is None
    for pickled in (board / ".git" / "trioboard").glob("models-*.pickle"):
        pickled.unlink()
    monkeypatch.setattr(read_ahead, "cores", lambda: 1)
    single = Workspace(board)
    single.read_ahead()
    assert single._ahead is None


def test_trioboard_opens_a_board_read_ahead_in_a_terminal_and_keeps_its_models(board: Path) -> None:
    """The command itself, in a pseudo-terminal: the board shows, ctrl+q quits, the models are kept."""
    import pty
    import sys

    from helpers import REPO_ROOT

    script = (
        "import trioboard.workspace as w\n"
        "w.READ_AHEAD_BYTES = 0\n"
        "import trioboard.store.read_ahead as r\n"
        "r.cores = lambda: 2\n"
        "from trioboard.cli import main_exit\n"
        "main_exit()\n"
    )
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child execs at once
        os.environ.update({"PYTHONPATH": str(REPO_ROOT), "TERM": "xterm-256color"})
        os.execvp(sys.executable, [sys.executable, "-c", script, str(board)])
    seen = b""
    deadline = time.monotonic() + 30
    while b"cov" not in seen and time.monotonic() < deadline:  # "coverage", or "cov" at 80 columns
        if select.select([fd], [], [], 0.5)[0]:
            seen += os.read(fd, 1 << 16)
    kept = board / ".git" / "trioboard"
    while not list(kept.glob("models-*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.write(fd, b"\x11")  # ctrl+q
    while time.monotonic() < deadline:
        try:
            if select.select([fd], [], [], 0.5)[0] and not os.read(fd, 1 << 16):
                break
        except OSError:
            break  # the terminal closed: the app is gone
    _, status = os.waitpid(pid, 0)
    assert b"cov" in seen, seen[-2000:]
    assert os.waitstatus_to_exitcode(status) == 0
    assert len(list(kept.glob("models-*.pickle"))) == 1
