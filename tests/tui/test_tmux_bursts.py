"""Issue 17, lossless input in a real terminal: `trioboard` in tmux at 80×24, each burst ONE send-keys.

tmux writes a send-keys call's keys to the pane together, as a fast typist
or a slow ssh link delivers them; the app reads them in one or a few reads.
Each burst runs 5 times; the assertions are on `git log` and the YAML.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import commits, subjects

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

RUNS = range(5)
TRIOBOARD = Path(sys.executable).with_name("trioboard")


class Pane:
    """One tmux server of the test's own, with `trioboard` in its only pane."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        """Run a tmux command against this server."""
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        return done.stdout

    def screen(self) -> str:
        """What the pane shows."""
        return self.tmux("capture-pane", "-p")

    def send(self, *keys: str) -> None:
        """One burst: every key in one send-keys call."""
        self.tmux("send-keys", "-t", "board", *keys)


def wait(check: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    """Wait until `check()` holds (polls: the app runs in another process)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.05)


@contextmanager
def trioboard_in_tmux(board: Path, tmp_path: Path) -> Iterator[Pane]:
    """`trioboard BOARD` in a detached tmux session at 80×24; the server is killed on the way out."""
    config = tmp_path / "tmux.conf"
    config.write_text("")
    pane = Pane(f"trioboard-test-{tmp_path.name}")
    pane.tmux("-f", str(config), "new-session", "-d", "-s", "board", "-x", "80", "-y", "24", f"{TRIOBOARD} {board}")
    try:
        wait(lambda: "Fernway" in pane.screen(), "the board on screen")
        yield pane
    finally:
        pane.tmux("kill-server")


def find(pane: Pane, node: str) -> None:
    """Put the cursor on a node with Find, and wait until the detail pane shows it."""
    pane.send("/", node, "Enter")
    wait(lambda: "Find a goal" not in pane.screen() and node in pane.screen(), f"{node} found")


def _yaml(board: Path, team: str) -> str:
    return (board / "teams" / f"{team}.yaml").read_text()


@pytest.mark.parametrize("run", RUNS)
def test_two_items_in_one_burst(board: Path, tmp_path: Path, run: int) -> None:
    with trioboard_in_tmux(board, tmp_path) as pane:
        find(pane, "experiment-velocity")
        before = commits(board)
        pane.send("n", "Alpha item", "Enter", "n", "Beta item", "Enter")
        wait(lambda: commits(board) == before + 2, "two commits")
    assert subjects(board, 2) == ["Add item beta-item to insights", "Add item alpha-item to insights"]
    for item in ("alpha-item", "beta-item"):
        assert f"  - id: {item}\n" in _yaml(board, "insights")
    assert _yaml(board, "insights").count("    outcomes: [experiment-velocity]\n") == 3


@pytest.mark.parametrize("run", RUNS)
def test_find_then_link_in_one_burst(board: Path, tmp_path: Path, run: int) -> None:
    with trioboard_in_tmux(board, tmp_path) as pane:
        before = commits(board)
        pane.send("/", "experiment-velocity", "Enter", "l", "grow-revenue", "Enter")
        wait(lambda: commits(board) == before + 1, "the link's commit")
    assert subjects(board, 1) == ["Link experiment-velocity to grow-revenue"]


@pytest.mark.parametrize("run", RUNS)
def test_link_picker_in_one_burst(board: Path, tmp_path: Path, run: int) -> None:
    with trioboard_in_tmux(board, tmp_path) as pane:
        find(pane, "experiment-velocity")
        before = commits(board)
        pane.send("l", "cut-cost", "Enter")
        wait(lambda: commits(board) == before + 1, "the link's commit")
    assert subjects(board, 1) == ["Link experiment-velocity to cut-cost-to-serve"]


@pytest.mark.parametrize("run", RUNS)
def test_goal_id_typed_in_one_burst(board: Path, tmp_path: Path, run: int) -> None:
    with trioboard_in_tmux(board, tmp_path) as pane:
        before = commits(board)
        pane.send("g", "Win the Nordics", "Tab", "End", "C-u", "nordics-win", "Enter")
        wait(lambda: commits(board) == before + 1, "the goal's commit")
    assert "  - id: nordics-win\n    title: Win the Nordics\n" in (board / "board.yaml").read_text()


@pytest.mark.parametrize("run", RUNS)
def test_find_query_in_one_burst_is_not_reordered(board: Path, tmp_path: Path, run: int) -> None:
    with trioboard_in_tmux(board, tmp_path) as pane:
        before = commits(board)
        # `>` acts on what Find went to: a reordered query would move another item, or none.
        pane.send("/experiment-pl", "Enter", ">")
        wait(lambda: commits(board) == before + 1, "the horizon's commit")
    assert subjects(board, 1) == ["Set horizon of item experiment-platform to later"]
