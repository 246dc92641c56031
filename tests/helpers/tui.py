"""Helpers for the TUI tests: waiting on a condition, reading widgets, a workspace whose slow steps the test paces."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.text import Text
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from trioboard.core.edits import Operation
from trioboard.core.results import EditResult
from trioboard.tui.app import TrioboardApp
from trioboard.tui.widgets import StatusLine
from trioboard.workspace import Workspace

from helpers import commits

# The two sizes every TUI expectation holds at: a small terminal and a roomy one.
SIZES = [(80, 24), (120, 40)]


async def loaded(app: TrioboardApp, pilot: Pilot[None], timeout: float = 10.0) -> None:
    """Wait until the app shows its first state and has mounted every view."""
    deadline = time.monotonic() + timeout
    while not (app.loaded.is_set() and app.ready.is_set()):
        assert time.monotonic() < deadline, "the board never loaded"
        await pilot.pause(0.02)
    await pilot.pause()


async def until(pilot: Pilot[None], check: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Wait until `check()` is true (a commit landed, a view refreshed), then let the messages settle.

    Polls once per refresh cycle (and at least every 50 ms); fails after
    `timeout` seconds saying what it waited for.
    """
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what or 'the condition'}"
        await pilot.pause(0.05)
    await pilot.pause()


async def idle(pilot: Pilot[None]) -> None:
    """Let what is under way settle: running animations end and every pending message is handled."""
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def screen_settled(pilot: Pilot[None], frames: int = 3, timeout: float = 10.0) -> None:
    """Wait until the screen stops changing: the same picture over `frames` idle refreshes in a row.

    For snapshots: lists measure their options and scroll to the highlighted
    one over a few refreshes (a scrollbar's thumb moves by an eighth of a cell).
    """
    deadline = time.monotonic() + timeout
    last, same = "", 0
    while same < frames:
        assert time.monotonic() < deadline, f"the screen was still changing after {timeout} s"
        await idle(pilot)
        shot = pilot.app.export_screenshot()
        same = same + 1 if shot == last else 0
        last = shot


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


async def committed(app: TrioboardApp, pilot: Pilot[None], board: Path, *keys: str) -> None:
    """Press keys and wait until they made one commit and the app has shown it."""
    before = commits(board)
    await pilot.press(*keys)
    await until(pilot, lambda: commits(board) == before + 1, what="one commit")
    await until(pilot, lambda: "✓" in text_of(app.query_one(StatusLine)), what="the commit on the status line")
    await pilot.pause()


CHARACTERS = {"enter": "\r", "tab": "\t", "escape": "\x1b", "ctrl+u": "\x15", "backspace": "\x7f"}
"""What a terminal sends for the named keys a burst uses (the rest send none, or themselves)."""


def burst(app: TrioboardApp, *keys: str | events.Paste) -> None:
    """Keys as a terminal delivers them read at once: all posted before the app handles any.

    Each key is a Textual key name (`enter`, `ctrl+u`) or one character
    (`*"Alpha item"`); a `Paste` goes in between as read.
    """
    for key in keys:
        if isinstance(key, events.Paste):
            app.post_message(key)
            continue
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        character = key if len(key) == 1 else CHARACTERS.get(key, {"space": " ", "slash": "/"}.get(key))
        app.post_message(events.Key(name, character))


class GatedWorkspace(Workspace):
    """The real workspace, whose `edit` or `uncommitted` waits at a gate until the test opens it.

    Stands in for a large board on a slow disk: instead of a sleep long enough
    (one hopes) for the test to act meanwhile, the test sees the call arrive
    (`reached`), acts, and lets it go on (`open()`). Give it to the app with
    `TrioboardApp(board, workspace=...)`; use `with workspace.gated():` inside
    the app's `run_test` so the gate opens on the way out, whatever happens.
    """

    def __init__(self, root: Path, *, gated: str, timeout: float = 30.0) -> None:
        super().__init__(root)
        assert gated in {"edit", "uncommitted"}, gated
        self.gated_method = gated
        """The method that waits: `edit` or `uncommitted`."""
        self.timeout = timeout
        """How long a call waits for the gate before it fails the test."""
        self.reached = threading.Event()
        """Set once a call of the gated method has arrived at the gate."""
        self._gate = threading.Event()

    def open(self) -> None:
        """Let the waiting call, and every later one, through."""
        self._gate.set()

    @contextmanager
    def gated(self) -> Iterator[GatedWorkspace]:
        """The gate is opened when the block ends, so no worker is left waiting."""
        try:
            yield self
        finally:
            self.open()

    def _wait_at_gate(self, method: str) -> None:
        if method != self.gated_method:
            return
        self.reached.set()
        if not self._gate.wait(self.timeout):
            raise AssertionError(f"the test never opened the gate in front of {method}()")

    def edit(self, op: Operation) -> EditResult:
        self._wait_at_gate("edit")
        return super().edit(op)

    def uncommitted(self) -> list[str]:
        self._wait_at_gate("uncommitted")
        return super().uncommitted()
