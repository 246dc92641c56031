"""trioboard's edit lock, and recovery of an edit a killed process left half done.

Every operation that commits board files runs inside `locked`: it takes
trioboard's lock (`journal.edit_lock`), then completes or rolls back
whatever the journal says a killed process was doing. A rollback restores a
file only when it still holds exactly what the edit wrote, and then to what
the current HEAD holds: someone else's bytes are never overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from trioboard.core.errors import GitError, Refused
from trioboard.core.vocabulary import TEAMS_DIR, JournalPhase
from trioboard.store.edit import journal, ref_lock
from trioboard.store.edit.index_lock import IndexBusy, IndexLock, update_index
from trioboard.store.edit.journal import Journal, Record
from trioboard.store.edit.ref_lock import Holder
from trioboard.store.git import commits
from trioboard.store.git.refs import ref_lock_message, ref_lock_path, ref_tip
from trioboard.store.git.repository import BoardRepo
from trioboard.store.git.runner import NoSpace
from trioboard.store.safe_io import fsync_dir, path_inside, read_plain

ORPHAN_SECONDS = 1.0
"""How long a git command left behind by a killed process is given to finish."""


@contextmanager
def locked(where: BoardRepo, *, allow_pending: bool = False) -> Iterator[str | None]:
    """Hold trioboard's lock and recover first; yields what recovery did, if anything.

    With `allow_pending`, an interrupted edit whose index update must wait
    for another git command is reported rather than refused.
    """
    try:
        with journal.edit_lock(where.state_dir):
            note, pending = recover(where)
            if pending and not allow_pending:
                raise Refused(note or "an interrupted edit is not finished")
            yield note
    except journal.LockTimeout as exc:
        raise Refused(str(exc)) from None
    except journal.StateDirRefused as exc:
        raise GitError(str(exc)) from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NoSpace() from None
        raise GitError(f"cannot take trioboard's lock in {where.state_dir}: {exc.strerror}") from None


def recover(where: BoardRepo) -> tuple[str | None, bool]:
    """Complete or roll back an edit a killed process left half done.

    Returns (what was done, whether it still waits for git's index lock).
    Call it holding trioboard's lock.
    """
    journal.clear_temp_files([where.board, where.board / TEAMS_DIR])
    _clear_stale_state(where)
    book = Journal(where.state_dir)
    if not book.exists():
        # Killed while the journal itself was being written: the work tree
        # was not touched yet, so there is nothing to undo.
        book.finish()
        return None, False
    try:
        record = book.load()
    except journal.Damaged:
        book.finish()
        return (
            "nothing to recover: the record of an interrupted edit was damaged or not trioboard's; it was removed",
            False,
        )
    lock = IndexLock(where, record.lock_inode)
    # Only from "index-ready" on can a killed edit have started the `update-ref` that moves the branch.
    tip = _tip_after_orphans(
        where, record.ref, record.new, ORPHAN_SECONDS if record.phase == JournalPhase.INDEX_READY else 0
    )
    cleared = ""
    if tip != record.new:
        held, cleared = _branch_lock(where, book, record)
        if held:
            return held, True
        tip = ref_tip(where, record.ref)  # the lock was ours and is gone: nothing can move the branch now
    if tip == record.new:
        try:
            if lock.ours() and record.phase == JournalPhase.INDEX_READY:
                lock.install()
            else:
                lock.release()
                update_index(where, record.index)
        except IndexBusy:
            return (
                f"the interrupted edit '{record.message}' is committed, but git's index is locked by another "
                f"process ({lock.path}); trioboard brings the index up to date once that lock is gone",
                True,
            )
        book.finish()
        return f"completed an edit that was interrupted: {record.message}{cleared}", False
    lock.release()
    roll_back(where, record)
    book.finish()
    return f"rolled back an edit that was interrupted: {record.message}{cleared}", False


def _branch_lock(where: BoardRepo, book: Journal, record: Record) -> tuple[str, str]:
    """Clear the branch lock a killed edit left inside `update-ref`, when it is provably that edit's.

    Returns (why the edit must wait: a lock it cannot prove its own, or "";
    what was cleared, for the note, or "").
    """
    path = ref_lock_path(where.git_dir, record.ref)
    if record.ref_lock is None or not os.path.lexists(path):
        return "", ""  # the edit never reached `update-ref`, or the lock is gone: an ordinary rollback
    holder = Holder(record.pid, record.started) if record.pid is not None else None
    if record.ref_lock != str(path) or not ref_lock.provably_ours(path, record.new, holder, book.saved_at()):
        return f"{ref_lock_message(path)}; the interrupted edit '{record.message}' is finished then", ""
    os.unlink(path)
    fsync_dir(path.parent)
    return "", f" (the branch lock it left, {path}, was removed)"


def _clear_stale_state(where: BoardRepo) -> None:
    """Temporary indexes and lock copies of killed processes (no trioboard edit runs: we hold the lock)."""
    try:
        entries = list(os.scandir(where.state_dir))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(("index-", "index.lock-")) and entry.is_file(follow_symlinks=False):
            # A git a killed edit had started may outlive it and finish with its own file meanwhile.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _tip_after_orphans(where: BoardRepo, ref: str, new: str, wait: float) -> str | None:
    """Where the branch points, once a git command the killed process started has had time to finish.

    A killed process's git children live on: an `update-ref` may still
    move the branch a moment after its parent died. When the branch is not
    at the journal's commit yet, look again for a short while before
    deciding to roll back.
    """
    deadline = time.monotonic() + wait
    while True:
        tip = ref_tip(where, ref)
        if tip == new or time.monotonic() >= deadline:
            return tip
        time.sleep(0.02)


def roll_back(where: BoardRepo, record: Record) -> list[str]:
    """Restore each file that holds exactly what the edit wrote to what HEAD holds now; returns them."""
    restored = []
    for entry in record.files:
        path = path_inside(where.top, entry.path)
        if path is None:
            continue
        current = read_plain(path)
        if journal.digest(current) != entry.wrote or (current is None and os.path.lexists(path)):
            continue  # someone else's bytes (or never written): left as they are
        head = commits.file_at(where, "HEAD", entry.path) if ref_tip(where, "HEAD") else None
        if head == current:
            continue
        try:
            journal.replace_expecting(path, head, current)
        except journal.ForeignChange:
            continue
        restored.append(entry.path)
    return restored
