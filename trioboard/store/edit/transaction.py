"""The edit transaction: lock → recover → (caller re-reads and plans) → objects → write → index → branch.

One commit of given board files, made so that nothing anyone else does at
the same moment is lost:

1. `locked` (`store.edit.recovery`): trioboard's own lock
   (`.git/trioboard/lock`), then recovery of an edit a killed process left
   half done.
2. `commit`: the blobs, tree and commit are made from the bytes the edit
   computed, never read back from the work tree, so a hand edit saved
   meanwhile cannot slip into the commit. Signed when `commit.gpgsign` says so.
3. The journal records the commit and a digest of every file it writes.
4. Each file is replaced only if it still holds what the edit was planned
   against (`journal.replace_expecting`); otherwise the edit is rolled back
   and refused, and the other writer's bytes stay.
5. git's `index.lock` is taken the way git takes it (`store.edit.index_lock`:
   created exclusively, never deleted unless this process made it, a
   bounded wait for another holder), and the new index is written into it before the branch moves,
   so the branch moves only when the index update can follow.
6. The branch moves by compare-and-swap; then the lock is renamed into place.

A rollback (here or in recovery) restores a file only when it still holds
exactly what the edit wrote, and then to what the current HEAD holds.
Every commit carries a trailer, `Trioboard-Edit: <kind> board=<prefix>`,
from which `undo` finds trioboard's own commits on the branch for one board,
whatever rebases or other boards did. The pieces (`locked`, `commit`,
`IndexLock`, `recover`) serve any operation that commits board files, not
only `edit`.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

from trioboard.core.errors import GitError, Refused
from trioboard.core.vocabulary import CommitKind, JournalPhase
from trioboard.store.edit import journal
from trioboard.store.edit.index_lock import IndexBusy, IndexLock, index_busy_message, new_index
from trioboard.store.edit.journal import FileRecord, Journal, Record
from trioboard.store.edit.recovery import locked, roll_back
from trioboard.store.edit.ref_lock import Holder
from trioboard.store.git import commits
from trioboard.store.git.identity import Identity, one_line
from trioboard.store.git.index import ZERO
from trioboard.store.git.refs import Busy, branch_tip, ref_lock_path
from trioboard.store.git.repository import BoardRepo, locate
from trioboard.store.git.runner import NoSpace
from trioboard.store.safe_io import NotRegular, folder_missing, path_inside, read_plain, refuse_special

__all__ = [
    "NOT_UNDOABLE",
    "TRAILER",
    "Change",
    "Move",
    "commit",
    "commit_paths",
    "compose_message",
    "land",
    "last_edit",
    "locked",
    "read_in_tree",
    "refuse_special_targets",
    "trailer_board",
]
"""`locked` is here too: every caller of `commit` and `land` holds it."""

TRAILER = "Trioboard-Edit"
NOT_UNDOABLE = (CommitKind.CREATE, CommitKind.HAND, CommitKind.UNDO)
_TRAILER_LINE = re.compile(r"^\s*trioboard-[a-z-]*\s*:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Change:
    """One board file an edit changes: what it was planned against and what it becomes (None: absent)."""

    file: str
    """Relative to the board directory."""
    before: bytes | None
    after: bytes | None


# -- the commit ---------------------------------------------------------------------------


def trailer_board(prefix: str) -> str:
    """The board's prefix as the trailer names it: on one line whatever the directory's name holds."""
    if not prefix:
        return "."
    return "".join(f"%{ord(c):02X}" if c == "%" or not c.isprintable() else c for c in prefix)


def compose_message(message: str, kind: str, prefix: str, reverts: str | None = None) -> str:
    """The full commit message: the subject, any body, and trioboard's trailer (which no board text can forge).

    The subject is made one line; body lines that look like a trioboard
    trailer are dropped, and the trailer is a paragraph of its own at the end.
    """
    subject, _, body = message.partition("\n")
    lines = [one_line(line) for line in body.splitlines() if not _TRAILER_LINE.match(line)]
    text = "\n".join(lines).strip("\n")
    what = f"{kind} reverts={reverts}" if reverts else kind
    parts = [one_line(subject)] + ([text] if text else []) + [f"{TRAILER}: {what} board={trailer_board(prefix)}"]
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True, slots=True)
class Move:
    """One path (from the top) a commit changes, in the work tree and in the index."""

    path: str
    mode: str | None
    """"100644" or "100755"; None when the commit removes the path."""
    blob: str | None
    before: bytes | None
    """What the work tree holds now (None: absent): it is replaced only if it still holds this."""
    after: bytes | None


def read_in_tree(where: BoardRepo, path: str) -> bytes | None:
    """A work-tree file's bytes (path from the top), never through a link; None when absent."""
    safe = path_inside(where.top, path)
    return None if safe is None else read_plain(safe)


def commit(
    where: BoardRepo,
    message: str,
    changes: list[Change],
    who: Identity,
    *,
    kind: str,
    write: bool = True,
    require_clean: bool = True,
    reverts: str | None = None,
) -> str:
    """Write `changes` and commit them onto the branch; returns the new commit's id.

    Call it holding `locked(where)`. With `write=False` the files already
    hold `after` (`init` and `demo` write them first) and are only committed.
    Raises Refused (nothing committed, every file as it was or as someone
    else made it) or GitError / NoSpace.
    """
    try:
        ref, old = branch_tip(where)
    except Busy as exc:
        raise Refused(str(exc)) from None
    paths = {c.file: where.top_path(c.file) for c in changes}
    if require_clean:
        dirty = commits.changed_paths(where, list(paths.values()))
        if dirty:
            raise Refused(
                f"{dirty[0]} has changes that are not committed; commit or stash them first "
                "(trioboard will not overwrite them)"
            )
    full_message = compose_message(message, kind, where.prefix, reverts)
    try:
        sha, moves = _make_objects(where, old, changes, paths, full_message, who)
    except OSError as exc:
        raise _os_error(exc) from None
    land(where, ref, old, sha, message, moves, kind=kind, write=write)
    return sha


def land(
    where: BoardRepo,
    ref: str,
    old: str | None,
    new: str,
    message: str,
    moves: list[Move],
    *,
    kind: str,
    write: bool = True,
) -> None:
    """Bring the work tree, the index and the branch from commit `old` to the existing commit `new`.

    Call it holding `locked(where)`. Each file in `moves` is replaced only
    if it still holds `before`; git's index lock is taken before the branch
    moves; any failure rolls everything back (Refused, GitError or NoSpace).
    """
    if write:
        refuse_special_targets(where, [m.path for m in moves])
    book = Journal(where.state_dir)
    me = Holder.me()
    record = Record(
        kind=kind,
        board=where.prefix,
        ref=ref,
        old=old,
        new=new,
        message=one_line(message.partition("\n")[0]),
        files=tuple(FileRecord(m.path, journal.digest(m.after)) for m in moves) if write else (),
        index=tuple((m.mode or "0", m.blob or ZERO, m.path) for m in moves),
        pid=me.pid,
        started=me.started,
    )
    lock = IndexLock(where)
    try:
        book.begin(record)
        if write:
            for move in moves:
                new_file = move.before is None and move.after is not None
                target = path_inside(where.top, move.path, make_missing=new_file)
                if target is None:
                    raise Refused(f"{move.path} is inside a symbolic link or a file; trioboard will not write it")
                journal.replace_expecting(target, move.after, move.before)
                if move.mode == "100755" and move.after is not None:
                    os.chmod(target, os.stat(target).st_mode | 0o111)
        record = book.update(record, lock_inode=lock.create())
        lock.take()
        lock.write(new_index(where, record.index))
        # Saved before `update-ref` takes the branch's lock, so recovery can tell that lock is ours.
        ref_lock = str(ref_lock_path(where.git_dir, ref))
        record = book.update(record, phase=JournalPhase.INDEX_READY, ref_lock=ref_lock)
        commits.move_branch(where, ref, new, old, message)
    except Exception as exc:  # noqa: BLE001 - every failure rolls back; a kill (or ^C) leaves the journal
        error = _failure(where, exc)
        try:
            lock.release()
            roll_back(where, record)
            book.finish()
        except OSError as again:
            raise _os_error(again) from None
        raise error from None
    lock.install()
    book.finish()


def refuse_special_targets(where: BoardRepo, paths: list[str]) -> None:
    """GitError, before anything is written, when one of `paths` (from the top) is a device, a FIFO, a link…

    Such a file is the user's: it is never replaced by a regular file, nor written through.
    """
    for path in paths:
        target = path_inside(where.top, path)
        if target is None and folder_missing(where.top, path):
            continue  # a new file in a folder not there yet (a board's first team): made as it is written
        if target is None:
            raise GitError(
                f"{path} is inside a symbolic link or a file; trioboard will not write it; nothing was changed"
            )
        try:
            refuse_special(target)
        except NotRegular as exc:
            raise GitError(f"{exc.reason}; nothing was changed") from None


def _make_objects(
    where: BoardRepo,
    old: str | None,
    changes: list[Change],
    paths: dict[str, str],
    message: str,
    who: Identity,
) -> tuple[str, list[Move]]:
    """The commit (and what it moves), made from the edit's bytes before anything is written."""
    modes = commits.modes_at(where, old, [paths[c.file] for c in changes if c.after is not None])
    blobs: dict[str, tuple[str, str] | None] = {}
    moves = []
    for change in changes:
        path = paths[change.file]
        if change.after is None:
            blobs[path] = None
            moves.append(Move(path, None, None, change.before, None))
        else:
            mode, blob = modes.get(path, "100644"), commits.store_blob(where, path, change.after)
            blobs[path] = (mode, blob)
            moves.append(Move(path, mode, blob, change.before, change.after))
    return commits.make_commit(where, old, blobs, message, who), moves


def _os_error(exc: OSError) -> Exception:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return NoSpace()
    where = Path(exc.filename).parent if exc.filename else None
    return GitError(f"cannot write in {where or 'the work tree'}: {exc.strerror or exc}; nothing was changed")


def _failure(where: BoardRepo, exc: BaseException) -> BaseException:
    """What to tell the user about a failed commit (after it is rolled back)."""
    if isinstance(exc, journal.ForeignChange):
        name = one_line(str(exc.path.relative_to(where.top)) if exc.path.is_relative_to(where.top) else "a file")
        return Refused(
            f"{name} was changed by someone else while this edit was being made; their change was kept "
            "and nothing was committed (look at it, then edit again)"
        )
    if isinstance(exc, IndexBusy):
        return Refused(index_busy_message(where))
    if isinstance(exc, commits.BranchMoved):
        return Refused(str(exc))
    if isinstance(exc, journal.StateDirRefused):
        return GitError(str(exc))
    if isinstance(exc, OSError):
        return _os_error(exc)
    return exc


# -- undo -------------------------------------------------------------------------------------


def last_edit(where: BoardRepo, tip: str | None) -> str:
    """The newest commit on the branch made by a trioboard edit of this board and not undone since.

    Read from the commits' own trailers, so it is right after a rebase and
    with several boards in one repository. An undo names the commit it
    reverted; when that commit is no longer on the branch (a rebase rewrote
    it), the undo cancels the nearest earlier edit not undone otherwise.
    """
    if tip is None:
        raise Refused("nothing to undo: the branch has no commits")
    out = where.git.run(
        "log",
        f"--grep=^{TRAILER}:",
        f"--format=%H%x1f%(trailers:key={TRAILER},valueonly,separator=%x1d)%x1e",
        tip,
    )
    board = trailer_board(where.prefix)
    mine: list[tuple[str, str, str | None]] = []
    for chunk in out.split("\x1e"):
        sha, _, values = chunk.strip().partition("\x1f")
        for value in values.split("\x1d"):
            what, _, on = value.strip().partition(" board=")
            if on == board:
                kind, _, target = what.partition(" reverts=")
                mine.append((sha, kind, target or None))
    edits = {sha for sha, kind, _ in mine if kind not in NOT_UNDOABLE}
    undone = {reverted for _, kind, reverted in mine if kind == CommitKind.UNDO and reverted in edits}
    pending = 0
    for sha, kind, reverted in mine:  # newest first
        if kind == CommitKind.UNDO:
            pending += reverted not in edits
        elif kind not in NOT_UNDOABLE and sha not in undone:
            if pending == 0:
                return sha
            pending -= 1
    raise Refused("nothing to undo: trioboard has made no edit to this board on this branch that is not undone")


def commit_paths(top: Path, paths: list[Path], message: str, who: Identity) -> str:
    """Commit files already written (`init`, `demo`) through the same path as every edit; returns the short hash.

    Whatever else is staged stays out, and no hook runs.
    """
    board = Path(os.path.commonpath([p.parent for p in paths])) if paths else top
    where = locate(board)
    changes = []
    for path in paths:
        data = read_plain(path)
        rel = path.resolve().relative_to(where.board.resolve()).as_posix()
        changes.append(Change(rel, data, data))
    with locked(where):
        sha = commit(where, message, changes, who, kind=CommitKind.CREATE, write=False, require_clean=False)
    return sha[:7]


def tip_for_edit(where: BoardRepo) -> tuple[str, str | None]:
    """The branch checked out and its tip, as an edit needs them: `Refused` while git is busy (a merge, a rebase)."""
    try:
        return branch_tip(where)
    except Busy as exc:
        raise Refused(str(exc)) from None
