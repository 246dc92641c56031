"""The edit transaction: lock → recover → (caller re-reads and plans) → objects → write → index → branch.

One commit of given board files, made so that nothing anyone else does at
the same moment is lost:

1. `locked`: trioboard's own lock (`.git/trioboard/lock`), then recovery of
   an edit a killed process left half done.
2. `commit`: the blobs, tree and commit are made from the bytes the edit
   computed, never read back from the work tree, so a hand edit saved
   meanwhile cannot slip into the commit. Signed when `commit.gpgsign` says so.
3. The journal records the commit and a digest of every file it writes.
4. Each file is replaced only if it still holds what the edit was planned
   against (`journal.replace_expecting`); otherwise the edit is rolled back
   and refused, and the other writer's bytes stay.
5. git's `index.lock` is taken the way git takes it (created exclusively,
   never deleted unless this process made it, a bounded wait for another
   holder), and the new index is written into it before the branch moves,
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
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from trioboard.core.edits import Refused
from trioboard.core.errors import GitError
from trioboard.store import journal, repo
from trioboard.store.files import TEAMS_DIR
from trioboard.store.gitcmd import NoSpace
from trioboard.store.journal import FileRecord, Journal, Record
from trioboard.store.repo import BoardRepo, Identity

INDEX_LOCK_WAIT = 3.0
"""How long another git command (an IDE's `git status`) may hold `index.lock` before an edit gives up."""
ORPHAN_SECONDS = 1.0
"""How long a git command left behind by a killed process is given to finish."""
TRAILER = "Trioboard-Edit"
UNDO = "undo"
HAND = "hand"
"""A commit of board files as someone edited them by hand (the TUI's "commit them"): theirs, not undone by trioboard."""
NOT_UNDOABLE = ("create", HAND, UNDO)
_TRAILER_LINE = re.compile(r"^\s*trioboard-[a-z-]*\s*:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Change:
    """One board file an edit changes: what it was planned against and what it becomes (None: absent)."""

    file: str
    """Relative to the board directory."""
    before: bytes | None
    after: bytes | None


class IndexBusy(Exception):
    """Another process holds git's `index.lock` for longer than the bounded wait."""


def _index_busy_message(where: BoardRepo) -> str:
    lock = where.git_dir / "index.lock"
    return (
        f"another git command is using the index ({lock} exists); nothing was committed. "
        "Try again when it is done; if no git command is running, remove that file"
    )


# -- the lock and recovery ----------------------------------------------------------------


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
    tip = _tip_after_orphans(where, record.ref, record.new, ORPHAN_SECONDS if record.phase == "index-ready" else 0)
    if tip == record.new:
        try:
            if lock.ours() and record.phase == "index-ready":
                _install_index(lock)
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
        return f"completed an edit that was interrupted: {record.message}", False
    lock.release()
    roll_back(where, record)
    book.finish()
    return f"rolled back an edit that was interrupted: {record.message}", False


def _clear_stale_state(where: BoardRepo) -> None:
    """Temporary indexes and lock copies of killed processes (no trioboard edit runs: we hold the lock)."""
    try:
        entries = list(os.scandir(where.state_dir))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(("index-", "index.lock-")) and entry.is_file(follow_symlinks=False):
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
        tip = repo.ref_tip(where, ref)
        if tip == new or time.monotonic() >= deadline:
            return tip
        time.sleep(0.02)


def _safe_path(top: Path, path: str) -> Path | None:
    """`top/path`, or None when a directory on the way is a symbolic link or not a directory."""
    current = top
    for part in path.split("/")[:-1]:
        current = current / part
        try:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return None
        except OSError:
            return None
    return top / path


def roll_back(where: BoardRepo, record: Record) -> list[str]:
    """Restore each file that holds exactly what the edit wrote to what HEAD holds now; returns them."""
    restored = []
    for entry in record.files:
        path = _safe_path(where.top, entry.path)
        if path is None:
            continue
        current = journal.read_plain(path)
        if journal.digest(current) != entry.wrote or (current is None and os.path.lexists(path)):
            continue  # someone else's bytes (or never written): left as they are
        head = repo.file_at(where, "HEAD", entry.path) if repo.ref_tip(where, "HEAD") else None
        if head == current:
            continue
        try:
            journal.replace_expecting(path, head, current)
        except journal.ForeignChange:
            continue
        restored.append(entry.path)
    return restored


# -- git's index lock -----------------------------------------------------------------------


class IndexLock:
    """git's `index.lock`, taken as git takes it and released only when this process made it.

    The lock is first made as a file of our own in `.git/trioboard` (its
    inode recorded in the journal), then hard-linked to `.git/index.lock`:
    the link fails when the name exists, exactly as git's exclusive create.
    Recovery can then tell our lock from another process's by its inode.
    """

    def __init__(self, where: BoardRepo, inode: int | None = None) -> None:
        self.where = where
        self.path = where.git_dir / "index.lock"
        self.mine = where.state_dir / f"index.lock-{os.getpid()}"
        self.inode = inode

    def create(self) -> int:
        """Make our lock file (not yet the lock); returns its inode, for the journal."""
        self.mine.unlink(missing_ok=True)
        fd = os.open(self.mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            self.inode = os.fstat(fd).st_ino
        finally:
            os.close(fd)
        return self.inode

    def take(self, wait: float) -> None:
        """Become `index.lock`, waiting up to `wait` seconds for another holder; IndexBusy after that."""
        deadline = time.monotonic() + wait
        while True:
            try:
                os.link(self.mine, self.path)
                return
            except FileExistsError:
                if time.monotonic() >= deadline:
                    self.mine.unlink(missing_ok=True)
                    raise IndexBusy(str(self.path)) from None
                time.sleep(0.01)

    def write(self, data: bytes) -> None:
        """Fill the lock with the new index, durably."""
        fd = os.open(self.mine, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)

    def ours(self) -> bool:
        """Whether `index.lock` is the one this edit made."""
        try:
            return self.inode is not None and os.lstat(self.path).st_ino == self.inode
        except FileNotFoundError:
            return False

    def release(self) -> None:
        """Let go without installing: remove `index.lock` only if it is ours."""
        if self.ours():
            os.unlink(self.path)
        self.mine.unlink(missing_ok=True)


def _install_index(lock: IndexLock) -> None:
    """Rename our `index.lock` into place as the index (git's own last step)."""
    os.rename(lock.path, lock.where.git_dir / "index")
    lock.mine.unlink(missing_ok=True)


def _new_index(where: BoardRepo, entries: tuple[tuple[str, str, str], ...]) -> bytes:
    """The user's index with `entries` applied, built in a temporary file (read under `index.lock`)."""
    fd, name = tempfile.mkstemp(prefix="index-", dir=where.state_dir)
    os.close(fd)
    temp = Path(name)
    try:
        current = journal.read_plain(where.git_dir / "index")
        if current is None:
            temp.unlink()
        else:
            temp.write_bytes(current)
        info = repo.index_info({p: (None if m == "0" else (m, s)) for m, s, p in entries})
        where.git.run_bytes("update-index", "-z", "--index-info", env={"GIT_INDEX_FILE": str(temp)}, stdin=info)
        data = journal.read_plain(temp)
        assert data is not None
        return data
    finally:
        temp.unlink(missing_ok=True)
        Path(f"{temp}.lock").unlink(missing_ok=True)


def update_index(where: BoardRepo, entries: tuple[tuple[str, str, str], ...]) -> None:
    """Make the user's index hold `entries` (and change nothing else in it), under git's lock."""
    lock = IndexLock(where)
    lock.create()
    lock.take(INDEX_LOCK_WAIT)
    try:
        lock.write(_new_index(where, entries))
    except BaseException:
        lock.release()
        raise
    _install_index(lock)


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
    lines = [repo.one_line(line) for line in body.splitlines() if not _TRAILER_LINE.match(line)]
    text = "\n".join(lines).strip("\n")
    what = f"{kind} reverts={reverts}" if reverts else kind
    parts = [repo.one_line(subject)] + ([text] if text else []) + [f"{TRAILER}: {what} board={trailer_board(prefix)}"]
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
    safe = _safe_path(where.top, path)
    return None if safe is None else journal.read_plain(safe)


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
        ref, old = repo.branch_tip(where)
    except repo.Busy as exc:
        raise Refused(str(exc)) from None
    paths = {c.file: where.top_path(c.file) for c in changes}
    if require_clean:
        dirty = repo.changed_paths(where, list(paths.values()))
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
    book = Journal(where.state_dir)
    record = Record(
        kind=kind,
        board=where.prefix,
        ref=ref,
        old=old,
        new=new,
        message=repo.one_line(message.partition("\n")[0]),
        files=tuple(FileRecord(m.path, journal.digest(m.after)) for m in moves) if write else (),
        index=tuple((m.mode or "0", m.blob or repo.ZERO, m.path) for m in moves),
    )
    lock = IndexLock(where)
    try:
        book.begin(record)
        if write:
            for move in moves:
                target = _safe_path(where.top, move.path)
                if target is None:
                    raise Refused(f"{move.path} is inside a symbolic link or a file; trioboard will not write it")
                journal.replace_expecting(target, move.after, move.before)
                if move.mode == "100755" and move.after is not None:
                    os.chmod(target, os.stat(target).st_mode | 0o111)
        record = book.update(record, lock_inode=lock.create())
        lock.take(INDEX_LOCK_WAIT)
        lock.write(_new_index(where, record.index))
        record = book.update(record, phase="index-ready")
        repo.move_branch(where, ref, new, old, message)
    except Exception as exc:  # noqa: BLE001 - every failure rolls back; a kill (or ^C) leaves the journal
        error = _failure(where, exc)
        try:
            lock.release()
            roll_back(where, record)
            book.finish()
        except OSError as again:
            raise _os_error(again) from None
        raise error from None
    _install_index(lock)
    book.finish()


def _make_objects(
    where: BoardRepo,
    old: str | None,
    changes: list[Change],
    paths: dict[str, str],
    message: str,
    who: Identity,
) -> tuple[str, list[Move]]:
    """The commit (and what it moves), made from the edit's bytes before anything is written."""
    modes = repo.modes_at(where, old, [paths[c.file] for c in changes if c.after is not None])
    blobs: dict[str, tuple[str, str] | None] = {}
    moves = []
    for change in changes:
        path = paths[change.file]
        if change.after is None:
            blobs[path] = None
            moves.append(Move(path, None, None, change.before, None))
        else:
            mode, blob = modes.get(path, "100644"), repo.store_blob(where, path, change.after)
            blobs[path] = (mode, blob)
            moves.append(Move(path, mode, blob, change.before, change.after))
    return repo.make_commit(where, old, blobs, message, who), moves


def _os_error(exc: OSError) -> Exception:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return NoSpace()
    where = Path(exc.filename).parent if exc.filename else None
    return GitError(f"cannot write in {where or 'the work tree'}: {exc.strerror or exc}; nothing was changed")


def _failure(where: BoardRepo, exc: BaseException) -> BaseException:
    """What to tell the user about a failed commit (after it is rolled back)."""
    if isinstance(exc, journal.ForeignChange):
        name = repo.one_line(str(exc.path.relative_to(where.top)) if exc.path.is_relative_to(where.top) else "a file")
        return Refused(
            f"{name} was changed by someone else while this edit was being made; their change was kept "
            "and nothing was committed (look at it, then edit again)"
        )
    if isinstance(exc, IndexBusy):
        return Refused(_index_busy_message(where))
    if isinstance(exc, repo.BranchMoved):
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
    undone = {reverted for _, kind, reverted in mine if kind == UNDO and reverted in edits}
    pending = 0
    for sha, kind, reverted in mine:  # newest first
        if kind == UNDO:
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
    where = repo.locate(board)
    changes = []
    for path in paths:
        data = journal.read_plain(path)
        rel = path.resolve().relative_to(where.board.resolve()).as_posix()
        changes.append(Change(rel, data, data))
    with locked(where):
        sha = commit(where, message, changes, who, kind="create", write=False, require_clean=False)
    return sha[:7]
