"""The messages of the TUI: what workers report to the app, and what views tell their screen.

Attributes down, messages up: a view never reaches into a sibling, it posts
one of these and the board screen coordinates; a worker never touches a
widget, it posts one of these to the app. History's own messages are nested
in `History`, which posts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from trioboard.core.results import BoardState, CommitInfo, EditResult, LogEntry, Standing, SyncResult
from trioboard.tui.dialogs import Form
from trioboard.tui.session import Request

# -- from the views -------------------------------------------------------------------


@dataclass
class NodeHighlighted(Message):
    """The cursor is on a node (or on nothing the edits can act on)."""

    node_id: str | None


@dataclass
class JumpTo(Message):
    """The user asked to go to a node (from a finding)."""

    node_id: str


@dataclass
class FocusStrayed(Message):
    """A widget in a hidden tab took the focus: it goes back to the view shown."""


@dataclass
class MainResized(Message):
    """The terminal's size changed the room for the views and the detail pane."""


# -- from the workers -------------------------------------------------------------------


@dataclass
class Loaded(Message):
    """A new state of the board was read."""

    state: BoardState
    uncommitted: list[str] | None = None
    """Board files changed outside trioboard and not committed (None: not looked at)."""
    arrived: CommitInfo | None = None
    """Someone else's commit that brought this state, to say who changed what."""


@dataclass
class Dated(Message):
    """The state shown, `undated`, with the dates from git the Impact rules judge by (read after it was shown)."""

    state: BoardState
    undated: BoardState


@dataclass
class EditDone(Message):
    """A request was committed; the state after it comes along."""

    request: Request
    result: EditResult
    state: BoardState
    origin: Form | None = None


@dataclass
class EditFailed(Message):
    """A request was refused or could not run; nothing was written."""

    request: Request
    reason: str
    field: str | None = None
    origin: Form | None = None
    uncommitted: list[str] | None = None
    """Board files changed outside trioboard that held the edit up."""


@dataclass
class Synced(Message):
    """A sync ran: it went through, or conflicts stopped it (nothing changed)."""

    result: SyncResult
    state: BoardState | None
    standing: Standing
    background: bool


@dataclass
class SyncFailed(Message):
    """A sync was refused or the remote could not be used; the reason is one line."""

    reason: str
    standing: Standing


@dataclass
class StandingRead(Message):
    """Where the branch stands against its upstream."""

    standing: Standing


@dataclass
class ChangesRead(Message):
    """What a commit changed, by meaning, for the History's detail."""

    entry: LogEntry
    changes: str


@dataclass
class Uncommitted(Message):
    """Board files changed outside trioboard are not committed."""

    files: list[str]


@dataclass
class LogLoaded(Message):
    """The history view's commits were read."""

    entries: list[LogEntry] | None
    error: str | None = None
