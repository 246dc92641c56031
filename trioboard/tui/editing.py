"""Committing: every edit, undo and redo runs in a thread worker and comes back as a message.

The `Editor` belongs to the app: it hands a request to the workspace in a
worker (the screen never freezes on a commit), keeps this session's undo
and redo stacks, and says what came of it in the board screen. A form
stays open until its edit has landed, so a refusal is shown at its field.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text

from trioboard.core import edits
from trioboard.tui.dialogs import Form
from trioboard.tui.messages import EditDone, EditFailed
from trioboard.tui.session import CommitHandEdits, RecordTouchpoint, Request, Revert, UndoStack, subject_of
from trioboard.tui.text import NEWLINE, clean, label

if TYPE_CHECKING:
    from trioboard.tui.app import TrioboardApp


class Editor:
    """Commits requests for the app and keeps its session's undo and redo stacks."""

    def __init__(self, app: TrioboardApp) -> None:
        self.app = app
        self.session = UndoStack()
        """This session's edits and undos."""
        self.committing = 0
        """Requests handed to the edit worker whose outcome has not come back yet."""

    def commit(self, request: Request, origin: Form | None = None) -> None:
        """Commit one request in a worker; the result comes back as a message."""
        self.app.board.say(Text("… committing", style="dim"))
        self.committing += 1
        self.app.run_worker(partial(self._work, request, origin), name="_edit_worker", group="edit", thread=True)

    def _work(self, request: Request, origin: Form | None) -> None:
        from trioboard.core.errors import GitError
        from trioboard.workspace import add_evidence

        app, workspace = self.app, self.app.workspace
        try:
            with app.lock:
                if isinstance(request, Revert):
                    result = workspace.undo(request.commit, redo=request.redo)
                elif isinstance(request, CommitHandEdits):
                    result = workspace.commit_uncommitted(list(request.files))
                elif isinstance(request, RecordTouchpoint):
                    result = add_evidence(workspace, request.draft)
                else:
                    result = workspace.edit(request)
                app.watcher.take_baseline()
                state = workspace.state()
        except edits.Refused as exc:
            # Held up by a board file changed by hand: the user chooses, to commit it or leave it.
            held_up = workspace.uncommitted() if "not committed" in str(exc) else []
            app.post_message(EditFailed(request, f"Refused: {exc}", exc.field, origin, held_up))
            return
        except GitError as exc:
            app.post_message(EditFailed(request, f"Cannot commit: {exc}", None, origin))
            return
        app.post_message(EditDone(request, result, state, origin))

    def done(self, message: EditDone) -> None:
        """A request was committed: show the state after it, with the cursor on what it was about."""
        self.committing -= 1
        board = self.app.board
        result, request = message.result, message.request
        if isinstance(request, CommitHandEdits):
            board.uncommitted = [f for f in board.uncommitted if f not in request.files]
            if request.then is not None:
                # The edit the hand edits held up, now on top of them.
                self.session.remember(request, result)
                board.show(message.state)
                self.commit(request.then, message.origin)
                return
        self.session.remember(request, result)
        if message.origin is not None and message.origin.is_attached:
            message.origin.answer(None)
        board.show(message.state)
        self.app.syncer.read_standing()  # one more commit to publish: ↑ moves
        subject = subject_of(request)
        if subject is not None and board.active_view.select_id(subject):
            board.show_detail()
        line = label(("✓ ", "green"), (result.short, "bold"), " ", result.message)
        if result.recovered:
            line.append(f"  ({clean(result.recovered)})", style="dim")
        board.say(line)
        self.app.notify(f"{result.short} {clean(result.message)}", title="Committed", markup=False)

    def failed(self, message: EditFailed) -> None:
        """A request was refused: say why, at the form's field when a form asked for it."""
        self.committing -= 1
        board = self.app.board
        request = message.request
        if message.uncommitted and not isinstance(request, Revert | CommitHandEdits | RecordTouchpoint):
            # Not refused yet: the trio chooses in the dialog, so the status line says what holds it up.
            board.say(label(("✎ ", "yellow"), "Held up by changes not committed"))
            board.uncommitted = message.uncommitted
            if message.origin is not None and message.origin.is_attached:
                message.origin.refuse(message.reason.removeprefix("Refused: "), message.field)
            self.offer_to_commit(message.uncommitted, request, message.origin)
            return
        board.say(label(("✖ ", "red"), message.reason))
        if message.origin is not None and message.origin.is_attached:
            message.origin.refuse(message.reason.removeprefix("Refused: "), message.field)
            return
        self.app.notify(clean(message.reason), severity="error", markup=False, timeout=8)

    def offer_to_commit(self, files: list[str], then: edits.Operation | None, origin: Form | None = None) -> None:
        """Changes made outside trioboard hold an edit up: offer to commit them, or to leave them.

        Never offered for a file with git's conflict markers: that is refused, naming the file and line.
        """
        why = self.app.workspace.conflicted(files)
        if why:
            self.app.board.say(label(("✖ ", "red"), why))
            self.app.board.warn(why)
            return
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        question = label(
            ("✎ ", "yellow"),
            (shown, "bold"),
            " changed outside trioboard and not committed.",
            NEWLINE,
            "Commit it as it is" if len(files) == 1 else "Commit them as they are",
            (", then make this edit" if then is not None else ""),
            "? No leaves it as it is" if len(files) == 1 else "? No leaves them as they are",
            (" and makes no edit." if then is not None else "."),
        )
        self.app.board.confirm(question, lambda: self.commit(CommitHandEdits(tuple(files), then), origin), yes="Commit")

    def undo_last(self) -> None:
        """Undo this session's last edit (asks first)."""
        board = self.app.board
        if self.committing:
            # `x y z` typed fast: the remove is still on its way to git; undoing the one before would be wrong.
            board.warn("Your last edit is still being committed: press z again once it has landed")
            return
        last = self.session.last_edit
        if last is None:
            board.warn(
                "You have made no edit in this session to undo. "
                "To undo someone else's, choose it in History (5) and press z."
            )
            return
        question = label("Undo your last edit?", NEWLINE, (last.short, "bold"), " ", (last.message, "bold"))
        board.confirm(question, lambda: self.commit(Revert(last.sha)), yes="Undo")

    def redo_last(self) -> None:
        """Redo what this session's last undo undid (asks first)."""
        board = self.app.board
        if self.committing:
            board.warn("Your last edit is still being committed: press Z again once it has landed")
            return
        last = self.session.last_undo
        if last is None:
            board.warn("Nothing to redo: this session has undone nothing since its last edit")
            return
        question = label("Redo?", NEWLINE, (last.what, "bold"))
        board.confirm(question, lambda: self.commit(Revert(last.undo.sha, redo=True)), yes="Redo")
