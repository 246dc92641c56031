"""This session's edits: the requests the edit worker commits, and the undo and redo stacks.

Plain data, no Textual: the stacks are tested without an app
(`tests/tui/test_undo_stack.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trioboard.core import edits
from trioboard.core.evidence_draft import EvidenceDraft
from trioboard.core.results import EditResult


@dataclass(frozen=True, slots=True)
class CommitHandEdits:
    """Commit board files changed outside trioboard as they are; then, maybe, the edit they held up."""

    files: tuple[str, ...]
    then: edits.Operation | None = None


@dataclass(frozen=True, slots=True)
class Revert:
    """Revert one commit with a new one: an undo, or (of an undo) a redo."""

    commit: str
    redo: bool = False


@dataclass(frozen=True, slots=True)
class RecordTouchpoint:
    """A new evidence file, as `trioboard evidence add` writes and commits it."""

    draft: EvidenceDraft


Request = edits.Operation | Revert | CommitHandEdits | RecordTouchpoint
"""What the edit worker commits."""


@dataclass(frozen=True, slots=True)
class Undone:
    """An undo this session made, and what it undid (None: a commit chosen in History)."""

    undo: EditResult
    original: EditResult | None

    @property
    def what(self) -> str:
        """What a redo would bring back, in the words of its commit."""
        return self.original.message if self.original else self.undo.message.removeprefix("Undo: ")


def subject_of(request: Request) -> str | None:
    """The node an edit is about: the cursor follows it to wherever it went."""
    if isinstance(request, edits.Link | edits.Unlink):
        return request.source
    if isinstance(request, edits.Move | edits.Assume):
        return request.item
    if isinstance(request, edits.Remove | Revert | CommitHandEdits | RecordTouchpoint):
        return None
    return request.id


@dataclass
class UndoStack:
    """This session's own edits and undos: `z` undoes the last edit, `Z` redoes the last undo.

    A new edit (anything but a `Revert`) clears the redos, as in an editor.
    """

    mine: list[EditResult] = field(default_factory=list)
    """This session's own edits, oldest first, that are not undone: `z` undoes the last."""
    undone: list[Undone] = field(default_factory=list)
    """This session's undos, oldest first: `Z` redoes the last."""

    @property
    def last_edit(self) -> EditResult | None:
        """The edit `z` would undo."""
        return self.mine[-1] if self.mine else None

    @property
    def last_undo(self) -> Undone | None:
        """The undo `Z` would redo."""
        return self.undone[-1] if self.undone else None

    def is_mine(self, sha: str) -> bool:
        """Whether a commit is one of this session's edits (not someone else's arriving)."""
        return sha in {r.sha for r in self.mine}

    def remember(self, request: Request, result: EditResult) -> None:
        """Record a committed request."""
        if not isinstance(request, Revert):
            self.mine.append(result)
            self.undone.clear()
        elif request.redo:
            # The redo is an edit of this session again: a later `z` undoes it.
            if self.undone:
                self.undone.pop()
            self.mine.append(result)
        else:
            original = self.mine.pop() if self.mine and self.mine[-1].sha == request.commit else None
            self.undone.append(Undone(result, original))
