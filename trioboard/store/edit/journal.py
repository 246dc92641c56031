"""Crash safety and mutual exclusion for edits: the lock, the journal, and safe file replacement.

- `edit_lock`: an `flock` on `.git/trioboard/lock`. The lock file is never
  replaced (a lock on a file that `os.replace` swaps out excludes no one),
  and the kernel releases it when a process dies, so no lock is ever stale.
- `replace_expecting`: a file is replaced only if it still holds the bytes
  the edit was planned against. On Linux the new file and the old are
  swapped in one step (`renameat2(RENAME_EXCHANGE)`), the old one is then
  compared, and swapped back if someone else had saved it meanwhile: a
  hand edit is never overwritten.
- `Journal`: before an edit touches the work tree it records which files it
  writes (with a digest of what it writes) and the commit it will move the
  branch to. If the process dies anywhere, the next edit (or `recover`)
  finds the journal under the lock and completes or rolls back the edit.

Nothing in `.git/trioboard` is ever followed through a symbolic link, and
the journal is not trusted: every path in it must name a board file, and a
damaged journal is reported as "nothing to recover", never a traceback.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from trioboard.core.vocabulary import CommitKind, JournalPhase, is_board_file, is_evidence_file
from trioboard.store.safe_io import TEMP_MARK, fsync_dir, read_plain, temp_beside
from trioboard.store.safe_io import write_atomically as write_atomically  # the merge driver's write, reached here

LOCK_WAIT_SECONDS = 30.0
_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC


class LockTimeout(Exception):
    """Another trioboard process held the board's lock for too long."""


class StateDirRefused(Exception):
    """Something in `.git/trioboard` is not what trioboard made (a symbolic link, a special file)."""


class ForeignChange(Exception):
    """A file changed (someone saved it) between the moment it was read and the moment it was replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def ensure_state_dir(state_dir: Path) -> None:
    """Create `.git/trioboard` if needed; refuse it when it is a link or not a directory."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(state_dir, 0o755)
    _plain(state_dir, directory=True)


def _plain(path: Path, *, directory: bool) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise StateDirRefused(f"{path} is a symbolic link; trioboard will not follow it (remove it)")
    if directory != stat.S_ISDIR(info.st_mode):
        kind = "a directory" if directory else "a regular file"
        raise StateDirRefused(f"{path} is not {kind}; trioboard will not use it (remove it)")


@contextlib.contextmanager
def edit_lock(state_dir: Path) -> Iterator[None]:
    """Hold the repository's trioboard lock for the duration of the block."""
    ensure_state_dir(state_dir)
    try:
        fd = os.open(state_dir / "lock", os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StateDirRefused(f"{state_dir / 'lock'} is a symbolic link; trioboard will not follow it") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StateDirRefused(f"{state_dir / 'lock'} is not a regular file; trioboard will not use it")
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout("another trioboard edit has held the lock for 30 s; try again") from None
                time.sleep(0.005)
        yield
    finally:
        os.close(fd)  # closing releases the flock


# -- files -----------------------------------------------------------------------------


def remove_file(path: Path) -> None:
    """Delete `path` durably (no error if it is already gone)."""
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names in one step (Linux `renameat2`); False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_expecting(path: Path, data: bytes | None, expected: bytes | None) -> None:
    """Make `path` hold `data` (None: remove it), only if it still holds `expected` (None: absent).

    Raises ForeignChange, with `path` left as the other writer made it,
    when it holds anything else.
    """
    if expected is None:
        if data is None:
            return
        tmp = temp_beside(path, data)
        try:
            os.link(tmp, path)  # creates `path` only if no one else did meanwhile
        except FileExistsError:
            raise ForeignChange(path) from None
        finally:
            tmp.unlink(missing_ok=True)
        fsync_dir(path.parent)
        return
    if data is None:
        aside = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
        try:
            os.rename(path, aside)
        except FileNotFoundError:
            raise ForeignChange(path) from None
        if read_plain(aside) != expected:
            _put_back(aside, path)
            raise ForeignChange(path)
        remove_file(aside)
        return
    tmp = temp_beside(path, data)
    try:
        if _exchange(tmp, path):
            # `tmp` now names what `path` held the instant before the swap.
            if read_plain(tmp) != expected:
                _exchange(tmp, path)
                raise ForeignChange(path)
        else:
            if read_plain(path) != expected:
                raise ForeignChange(path)
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def _put_back(aside: Path, path: Path) -> None:
    try:
        os.link(aside, path)
        aside.unlink()
    except FileExistsError:
        pass  # yet another writer: both copies stay, nothing is deleted


def digest(data: bytes | None) -> str | None:
    """What the journal remembers of a file's bytes (None: absent)."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def clear_temp_files(directories: list[Path]) -> None:
    """Remove temporary files a killed writer left behind (only trioboard's own)."""
    for directory in directories:
        if not directory.is_dir() or directory.is_symlink():
            continue
        for entry in directory.iterdir():
            if entry.name.startswith(".") and TEMP_MARK in entry.name:
                entry.unlink(missing_ok=True)


# -- the journal -------------------------------------------------------------------------

_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
_FILE_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]+\.yaml")
_SAFE_PART = re.compile(r"[^/\\\x00-\x1f\x7f]+")
"""A part of an evidence file's path (it may sit in sub-folders): no separator, no control character."""
_PHASES = tuple(JournalPhase)


class Damaged(Exception):
    """The journal is not one trioboard wrote (or was damaged); it is not acted on."""


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One file an edit writes: its path from the top, and a digest of what it writes (None: removes it)."""

    path: str
    wrote: str | None


@dataclass(frozen=True, slots=True)
class Record:
    """What an edit in progress has done, enough to complete or roll it back."""

    kind: str
    """What made the commit: "edit", "undo", "create" (or another operation's name)."""
    board: str
    """The board's prefix in the work tree ("" at the top)."""
    ref: str
    old: str | None
    new: str
    """The commit the branch moves to (it exists before anything is written)."""
    message: str
    files: tuple[FileRecord, ...]
    index: tuple[tuple[str, str, str], ...] = ()
    """The index entries (mode, blob, path) the commit needs; mode "0" removes the path."""
    phase: str = JournalPhase.WRITING
    lock_inode: int | None = None
    """The inode of the `index.lock` this edit made, so recovery touches no one else's."""
    pid: int | None = None
    started: str | None = None
    """The process making the edit (its pid and start time), so recovery knows when it is gone."""
    ref_lock: str | None = None
    """The branch's lock file `update-ref` is about to take (set just before the branch moves)."""
    extra: dict[str, str] = field(default_factory=dict)


def board_file_path(board: str, path: str) -> bool:
    """Whether `path` (from the top) names a board file of the board at prefix `board`."""
    parts = path.split("/")
    head = board.split("/") if board else []
    if parts[: len(head)] != head:
        return False
    rest = "/".join(parts[len(head) :])
    # A journal names only files an edit could write, in a name safe to act on.
    if is_evidence_file(rest):
        return all(_SAFE_PART.fullmatch(part) for part in rest.split("/"))
    return is_board_file(rest) and bool(_FILE_NAME.fullmatch(rest.rpartition("/")[2]))


def work_tree_path(path: str) -> bool:
    """Whether `path` is a plain relative path inside the work tree, outside `.git`."""
    parts = path.split("/")
    return "\0" not in path and all(p not in ("", ".", "..") for p in parts) and parts[0] != ".git" and path[0] != "/"


def _valid_prefix(board: str) -> bool:
    if board == "":
        return True
    return not board.startswith("/") and all(p not in ("", ".", "..") for p in board.split("/"))


def _parse(data: bytes) -> Record:
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict):
            raise Damaged("not an object")
        files = tuple(FileRecord(str(f["path"]), f["wrote"]) for f in raw["files"])
        record = Record(
            kind=str(raw["kind"]),
            board=str(raw["board"]),
            ref=str(raw["ref"]),
            old=raw["old"],
            new=str(raw["new"]),
            message=str(raw["message"]),
            files=files,
            index=tuple((str(m), str(s), str(p)) for m, s, p in raw.get("index", ())),
            phase=str(raw["phase"]),
            lock_inode=raw.get("lock_inode"),
            pid=raw.get("pid"),
            started=raw.get("started"),
            ref_lock=raw.get("ref_lock"),
            extra={str(k): str(v) for k, v in raw.get("extra", {}).items()},
        )
    except Damaged:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Damaged(str(exc)) from None

    # An edit writes its board's files; a sync may bring any file of the work tree along.
    def allowed(path: str) -> bool:
        return work_tree_path(path) if record.kind == CommitKind.SYNC else board_file_path(record.board, path)

    ok = (
        record.ref.startswith("refs/heads/")
        and ".." not in record.ref
        and (record.old is None or (isinstance(record.old, str) and _SHA.fullmatch(record.old)))
        and _SHA.fullmatch(record.new)
        and record.phase in _PHASES
        and (record.lock_inode is None or isinstance(record.lock_inode, int))
        and (record.pid is None or isinstance(record.pid, int))
        and all(v is None or isinstance(v, str) for v in (record.started, record.ref_lock))
        and _valid_prefix(record.board)
        and all(allowed(f.path) for f in record.files)
        and all(f.wrote is None or (isinstance(f.wrote, str) and len(f.wrote) == 64) for f in record.files)
        and all(allowed(p) and _SHA.fullmatch(s) for _, s, p in record.index)
    )
    if not ok:
        raise Damaged("it names something other than this board's files")
    return record


class Journal:
    """The record of one edit in progress, in `.git/trioboard/journal/edit.json`."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.dir = state_dir / "journal"
        self.file = self.dir / "edit.json"

    def exists(self) -> bool:
        """Whether an edit was interrupted (or is running, for the lock holder)."""
        _plain(self.dir, directory=True)
        return os.path.lexists(self.file)

    def saved_at(self) -> float:
        """When the journal was last saved (its file's modification time)."""
        return os.lstat(self.file).st_mtime

    def load(self) -> Record:
        """The journal as saved; Damaged when it is not a whole, valid record."""
        _plain(self.dir, directory=True)
        data = read_plain(self.file)
        if data is None:
            raise Damaged("it is not a regular file")
        return _parse(data)

    def begin(self, record: Record) -> None:
        """Record an edit before it touches anything."""
        self.finish()
        ensure_state_dir(self.state_dir)
        os.mkdir(self.dir, 0o755)
        self._save(record)

    def update(self, record: Record, **changes: object) -> Record:
        """Save the record with `changes`; returns it."""
        new = replace(record, **changes)  # type: ignore[arg-type]
        self._save(new)
        return new

    def finish(self) -> None:
        """The edit is whole (or was rolled back): forget it."""
        try:
            info = os.lstat(self.dir)
        except FileNotFoundError:
            return
        if stat.S_ISDIR(info.st_mode):
            shutil.rmtree(self.dir)
        else:
            os.unlink(self.dir)

    def _save(self, record: Record) -> None:
        write_atomically(self.file, json.dumps(asdict(record)).encode())
