"""The values the workspace hands out: a board as read, an edit, a sync, a commit.

They live in the core so that renderers (`report/`), the TUI and the CLI
can take them without importing the layer that made them (git, files).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Finding
from trioboard.core.model import Board
from trioboard.core.vocabulary import MergeSide

if TYPE_CHECKING:
    from trioboard.core.diff import BoardDiff


@dataclass(frozen=True, slots=True)
class BoardState:
    """A board as read at one moment, with everything computed from it."""

    root: Path
    board: Board
    analysis: Analysis
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class EditResult:
    """A committed edit."""

    sha: str
    message: str
    recovered: str | None = None
    """What was done about an edit interrupted earlier, if there was one."""

    @property
    def short(self) -> str:
        """The abbreviated commit id."""
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One thing both sides of a merge changed differently."""

    node: str
    """The id of the node (a team's own fields: the team id; a file: its path)."""
    field: str | None
    """The field, or None when the whole node conflicts."""
    ours: str
    theirs: str
    """Both values, shown as one line each ("(removed)" for a removed node)."""
    their_commit: str | None = None
    """The abbreviated id of the remote's newest commit to the board since the sides parted (None: not known)."""
    their_author: str | None = None
    """Who made that commit."""

    def describe(self) -> str:
        """One line for a person: node, field and both values."""
        where = f"{self.node}.{self.field}" if self.field else self.node
        return f"{where}: {MergeSide.OURS.word} {self.ours}, {MergeSide.THEIRS.word} {self.theirs}"


@dataclass(frozen=True, slots=True)
class TypedValue:
    """A conflict settled by a value the trio typed (neither mine nor theirs): it becomes the field's value."""

    text: str


@dataclass(slots=True)
class MergeResult:
    """A board file merged three ways: the merged text and what could not be merged."""

    text: bytes
    conflicts: list[Conflict] = field(default_factory=list)
    semantic: bool = True
    """False when git's line merge was used instead (the file was not a readable board file)."""
    line_conflicts: int = 0
    """Conflicts left by the line merge (only when `semantic` is False)."""

    @property
    def clean(self) -> bool:
        """Whether the result holds no conflict."""
        return not self.conflicts and not self.line_conflicts


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync did, in board terms."""

    upstream: str
    """`origin/main`."""
    conflicts: list[Conflict]
    """True conflicts: when not settled by `prefer`, nothing was changed."""
    came_in: int = 0
    """Commits from the remote now on the branch."""
    went_out: int = 0
    """Commits pushed (or, with no push, waiting to be pushed)."""
    incoming: BoardDiff | None = None
    """The board before the sync → after it: what the remote's changes did here."""
    outgoing: BoardDiff | None = None
    """The remote's board → the board pushed: what went out."""
    new_findings: tuple[Finding, ...] = ()
    """Findings of the merged board that neither side had."""
    pushed: bool = False
    replayed: int = 0
    merged: bool = False
    recovered: str | None = None
    stopped: bool = False
    """Conflicts that `prefer` did not settle stopped the sync: nothing was changed."""
    notes: tuple[str, ...] = ()
    """What the merge settled on its own that a person should know (an equal addition kept once, and where)."""


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the branch stands against its upstream, without fetching."""

    upstream: str | None
    """None: no upstream."""
    ahead: int = 0
    behind: int = 0
    has_remote: bool = True
    """False when the repository has no remote at all (nothing to sync with)."""
    busy: str | None = None
    """What git is in the middle of (a merge, a rebase, a cherry-pick), said whole: edits are refused meanwhile."""


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """A commit as a notice names it."""

    sha: str
    author: str
    subject: str


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit that touched the board, as `trioboard log` and the TUI's History show it."""

    commit: str
    short: str
    date: str
    """Author date, ISO 8601."""
    author: str
    subject: str
    """The commit's own one-line message, beside the semantic summary."""
    summary: str
    coverage: float | None
    aligned: int
    active: int
    boundary: bool = False
    """A shallow clone's oldest commit: what came before it is not in the clone."""


@dataclass(frozen=True, slots=True)
class CommitChanges:
    """What one commit changed on the board, by meaning: the TUI's History shows it on Enter.

    `diff` is None when the change cannot be told; `why` then says why (a
    commit git cannot read, or one whose parent a shallow clone lacks).
    """

    commit: str
    board_name: str
    diff: BoardDiff | None
    why: str = ""


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One step of a measure's series: a commit that changed its `current`, `confidence` or `as_of`.

    `date` is when the number was entered (the commit's author date, which
    a rebase or a cherry-pick keeps); `as_of` is when it was measured, as
    the board says.
    """

    measure: str
    """The id of the goal or outcome the measure is on."""
    value: float | None
    """Its `current` after the commit (None: the commit took it away)."""
    confidence: float | None
    as_of: datetime.date | None
    date: str
    """The commit's author date, ISO 8601."""
    author: str
    commit: str
    subject: str
    """The commit's first line ("Check in …", "Undo: …")."""
