"""Reading and writing files safely: never through a link, never a special file, never half.

Every read of a file trioboard did not make itself, and every whole-file
write, goes through here:

- `read_regular_file` / `read_plain`: opened with `O_NOFOLLOW | O_NONBLOCK`
  (a link is refused, a FIFO cannot hang the reader) and checked to be a
  regular file before a byte is read; board files are bounded in size.
- `atomic_file` / `write_atomically`: the new bytes go to a temporary file
  beside the target, are fsynced, and are renamed into place, so a reader
  sees the old file or the new one, never a mixture. A target that exists
  and is not a regular file (a link, a FIFO, a socket, a device, a
  directory) is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_MARK = ".trioboard-tmp-"
"""In the name of every temporary file trioboard writes beside a target, so a killed writer's are found."""
MAX_FILE_BYTES = 5 * 1024 * 1024
"""Larger board files are refused before parsing: a 10 MB scalar takes ruamel 43 s."""
_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC


class NotRegular(Exception):
    """A file that is refused unread or unwritten: a link, a special file, or too large to read.

    Not an OSError: callers tell "cannot be read" from "will not be read".
    """

    def __init__(self, reason: str, *, link: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.link = link
        """The file is a symbolic link (which some callers explain in their own words)."""


def read_regular_file(path: Path, *, limit: int | None = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refusing links and special files (NotRegular), bounded by `limit`.

    OSError (FileNotFoundError…) when it cannot be opened or read.
    """
    fd = _open_no_link(path)
    try:
        return _read_open(fd, limit)
    finally:
        os.close(fd)


def _open_no_link(path: Path) -> int:
    """`path` opened for reading, never through a link (NotRegular) and never blocking on a FIFO."""
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegular("is a symbolic link; trioboard reads only regular files in the board", link=True) from None
        raise


def read_regular_head(path: Path, limit: int) -> tuple[bytes, bool]:
    """At most the first `limit` bytes of a regular file, and whether there was more (links, special files: NotRegular).

    For a file whose useful part is bounded (an evidence file's body): a
    10 MB file costs `limit` bytes of memory, not 10 MB.
    """
    fd = _open_no_link(path)
    try:
        data = _read_open(fd, None, stop=limit + 1)
    finally:
        os.close(fd)
    return data[:limit], len(data) > limit


def read_plain(path: Path) -> bytes | None:
    """The bytes of a regular file (never through a link), or None when it is absent or not one.

    For trioboard's own files and the work tree's: no size bound. An error
    reading a file that did open is raised, never taken for "absent".
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError:
        return None
    try:
        return _read_open(fd, None)
    except NotRegular:
        return None
    finally:
        os.close(fd)


def _read_open(fd: int, limit: int | None, *, stop: int | None = None) -> bytes:
    """Everything in the open file `fd`, once it is known to be a regular file of at most `limit` bytes.

    `stop`: read no more than this many bytes, whatever the file's size.
    """
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular("is not a regular file")
    if limit is not None and info.st_size > limit:
        raise NotRegular(f"is larger than {limit // (1024 * 1024)} MB")
    chunks = []
    # Bounded even when the file grows while it is read: one byte more than `limit` is enough to tell.
    remaining = stop if stop is not None else -1 if limit is None else limit + 1
    while remaining != 0:
        chunk = os.read(fd, 1 << 20 if remaining < 0 else min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        if remaining > 0:
            remaining -= len(chunk)
    return b"".join(chunks)


def refuse_special(path: Path, *, doing: str = "write over") -> None:
    """Raise NotRegular (a one-line message naming `path`) when it exists and is not a regular file.

    Looks with `lstat` only: nothing is opened, so a FIFO cannot block and a device is not touched.
    `doing`: what trioboard will not do to it, for the message.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    raise NotRegular(
        f"{path} is {_kind(mode)}, not a regular file; trioboard will not {doing} it", link=stat.S_ISLNK(mode)
    )


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _mode_for(path: Path) -> int:
    """The permissions a replacement of `path` gets: its own, or what a new file would get."""
    try:
        return os.lstat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _open_temp(path: Path) -> tuple[int, Path]:
    """A new temporary dotfile beside `path`, created exclusively; (its descriptor, its path)."""
    while True:
        tmp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600), tmp
        except FileExistsError:
            continue


def temp_beside(path: Path, data: bytes) -> Path:
    """`data` in a new temporary dotfile beside `path`, fsynced, with `path`'s mode."""
    mode = _mode_for(path)
    fd, tmp = _open_temp(path)
    try:
        write_all(fd, data)
        os.fsync(fd)
        os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd` (a single `os.write` may take only part)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@contextmanager
def atomic_file(path: Path, *, mode: int | None = None, durable: bool = True) -> Iterator[BinaryIO]:
    """A file to write `path`'s new contents into; renamed into place when the block ends without error.

    NotRegular, before anything is written, when `path` exists and is not a
    regular file. `mode`: the new file's permissions (default: the old
    file's, or a new file's). `durable`: fsync the file and the directory,
    so the rename survives a crash (a cache can do without).
    """
    refuse_special(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    permissions = _mode_for(path) if mode is None else mode
    fd, tmp = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), permissions)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def write_atomically(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Replace `path` with `data` so that no reader ever sees a partial file (see `atomic_file`)."""
    with atomic_file(path, mode=mode, durable=durable) as handle:
        handle.write(data)


def fsync_dir(directory: Path) -> None:
    """Make a rename or removal in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _folders(top: Path, path: str, make_missing: bool) -> str:
    """The directories on the way to `top/path`: "ok", "missing" (one is not there) or "blocked" (a link, a file)."""
    current = top
    for part in path.split("/")[:-1]:
        current = current / part
        if make_missing:
            with contextlib.suppress(OSError):  # there already, or cannot be made: lstat below decides
                os.mkdir(current)
        try:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return "blocked"
        except FileNotFoundError:
            return "missing"
        except OSError:
            return "blocked"
    return "ok"


def folder_missing(top: Path, path: str) -> bool:
    """Whether a directory on the way to `top/path` is not there yet, with none before it a link or a file."""
    return _folders(top, path, make_missing=False) == "missing"


def path_inside(top: Path, path: str, *, make_missing: bool = False) -> Path | None:
    """`top/path`, or None when a directory on the way is a symbolic link, not a directory, or missing.

    With `make_missing`, directories on the way that do not exist are made
    (a board's first team needs `teams/`); nothing that is there is followed
    or replaced.
    """
    return top / path if _folders(top, path, make_missing) == "ok" else None


def write_report(path: Path, data: bytes) -> None:
    """Write a report the user asked for: into a device, a pipe or a symlink they named, else atomically.

    `--also-write sarif=/dev/stdout` or a FIFO is written into, never
    replaced by a file: it is theirs, and writing into it is what they
    asked. A regular file (or none) is replaced whole (see `atomic_file`).
    """
    if path.is_symlink() or (path.exists() and not path.is_file()):
        with path.open("wb") as handle:
            handle.write(data)
        return
    write_atomically(path, data)
