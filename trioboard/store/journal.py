"""Crash safety and mutual exclusion for edits.

- `edit_lock`: an `flock` on `.git/trioboard/lock`. The lock file is never
  replaced (a lock on a file that `os.replace` swaps out excludes no one),
  and the kernel releases it when a process dies, so no lock is ever stale.
- `write_atomically`: a temporary dotfile in the same directory, fsync,
  then `os.replace`, keeping the file's mode: a file is either as it was or
  as it became, never half written.
- `Journal`: before an edit touches the work tree it records the original
  bytes of every file it will write and, once the commit exists, the
  commit's id. If the process dies anywhere, the next edit (or `recover`)
  finds the journal under the lock and either completes the edit (the
  branch already points at the commit) or restores the originals.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_MARK = ".trioboard-tmp-"
LOCK_WAIT_SECONDS = 30.0


class LockTimeout(Exception):
    """Another trioboard process held the board's lock for too long."""


@contextlib.contextmanager
def edit_lock(state_dir: Path) -> Iterator[None]:
    """Hold the repository's trioboard lock for the duration of the block."""
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
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


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that no reader ever sees a partial file."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def remove_file(path: Path) -> None:
    """Delete `path` durably (no error if it is already gone)."""
    path.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


class Journal:
    """The record of one edit in progress, in `.git/trioboard/journal/`."""

    def __init__(self, state_dir: Path, top: Path) -> None:
        self.dir = state_dir / "journal"
        self.top = top

    def exists(self) -> bool:
        """Whether an edit was interrupted (or is running, for the lock holder)."""
        return (self.dir / "edit.json").exists()

    def begin(
        self,
        ref: str,
        old: str | None,
        message: str,
        files: dict[str, bytes | None],
        *,
        kind: str = "edit",
        target: str | None = None,
    ) -> None:
        """Record the original bytes of the files about to be written (None: absent)."""
        shutil.rmtree(self.dir, ignore_errors=True)
        (self.dir / "files").mkdir(parents=True)
        entries = []
        for n, (path, data) in enumerate(files.items()):
            if data is not None:
                write_atomically(self.dir / "files" / str(n), data)
            entries.append({"path": path, "backup": str(n) if data is not None else None})
        record: dict[str, object] = {
            "ref": ref,
            "old": old,
            "new": None,
            "message": message,
            "kind": kind,
            "target": target,
            "files": entries,
            "written": {},
            "phase": "writing",
        }
        self._save(record)

    def wrote(self, written: dict[str, bytes | None]) -> None:
        """Record what the edit writes, so recovery never undoes anyone else's change."""
        record = self._load()
        record["written"] = {path: _digest(data) for path, data in written.items()}
        self._save(record)

    def committed(self, new: str) -> None:
        """Record the commit before the branch moves to it."""
        record = self._load()
        record["new"] = new
        self._save(record)

    def phase(self, name: str) -> None:
        """Record how far the edit got after its commit."""
        record = self._load()
        record["phase"] = name
        self._save(record)

    def finish(self) -> None:
        """The edit is whole: forget it."""
        shutil.rmtree(self.dir, ignore_errors=True)

    def record(self) -> dict[str, object]:
        """The journal as saved."""
        return self._load()

    def restore(self) -> list[str]:
        """Put back the original bytes of every file the edit wrote; returns the paths.

        A file that no longer holds what the edit wrote was changed by
        someone else since, and is left alone.
        """
        record = self._load()
        written = record.get("written", {})
        assert isinstance(written, dict)
        restored = []
        for entry in record["files"]:  # type: ignore[attr-defined]
            path = self.top / entry["path"]
            current = path.read_bytes() if path.is_file() else None
            original = (self.dir / "files" / entry["backup"]).read_bytes() if entry["backup"] else None
            if current == original:
                continue
            if entry["path"] in written and _digest(current) != written[entry["path"]]:
                continue
            if original is None:
                remove_file(path)
            else:
                write_atomically(path, original)
            restored.append(entry["path"])
        return restored

    def _save(self, record: dict[str, object]) -> None:
        write_atomically(self.dir / "edit.json", json.dumps(record).encode())

    def _load(self) -> dict[str, object]:
        data = json.loads((self.dir / "edit.json").read_text())
        assert isinstance(data, dict)
        return data


def clear_temp_files(directories: list[Path]) -> None:
    """Remove temporary files a killed writer left behind (only trioboard's own)."""
    for directory in directories:
        if not directory.is_dir():
            continue
        for entry in directory.iterdir():
            if entry.name.startswith(".") and TEMP_MARK in entry.name:
                entry.unlink(missing_ok=True)
