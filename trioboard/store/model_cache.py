"""The models parsed from a board's files, kept between runs, so a large board opens at once.

Parsing YAML is most of the time it takes to open a board of 10,000 items
(over half of the TUI's first second); reading back what was parsed last
time takes a tenth of that. Each file's model is kept with the file's stat
(size, mtime, inode, ctime): a file that changed in any way is parsed
again, and the rest come from here.

The cache lives in the repository's `.git/trioboard/`, never part of a
commit, one file per board. It is a pickle, the fastest reader for these
records; it is read only from the repository's own git directory, which
whoever can write can already run code through its hooks. A cache written
by another version of the reader (its source hashed into the file), or one
that cannot be read, is ignored: it is only ever a shortcut.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from pathlib import Path

from trioboard.store.git.repository import find_git_dir
from trioboard.store.safe_io import atomic_file

Models = dict[str, tuple[tuple[int, ...], object]]
"""Board-relative path → (the file's stat when parsed, its model)."""

_READERS = ("core", "store")
"""The packages whose code decides what a model holds: a change to them empties the cache."""


def _path(root: Path) -> Path | None:
    # The reader's version is in the name, so whether the cache can serve is
    # one stat (`is_kept`), before anything is read.
    found = find_git_dir(root.resolve())
    if found is None:
        return None
    return found / "trioboard" / f"{_stem(root)}-{_version()[:16]}.pickle"


def _stem(root: Path) -> str:
    return "models-" + hashlib.sha1(str(root.resolve()).encode(), usedforsecurity=False).hexdigest()[:16]


def is_kept(root: Path) -> bool:
    """Whether models of the board in `root` are kept by this version of the reader."""
    path = _path(root)
    return path is not None and path.is_file()


@cache
def _version() -> str:
    """What the cached models were made by: this Python and the reader's source."""
    digest = hashlib.sha1(repr(sys.version_info[:2]).encode(), usedforsecurity=False)
    package = Path(__file__).resolve().parent.parent
    for sub in _READERS:
        for source in sorted((package / sub).rglob("*.py")):
            digest.update(source.read_bytes())
    return digest.hexdigest()


def read(root: Path) -> Models:
    """The models cached for the board in `root`, or none."""
    path = _path(root)
    if path is None:
        return {}
    if path.parent.is_symlink():
        return {}  # as for the journal: nothing in .git/trioboard is followed through a link
    models: Models = {}
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
            head = pickle.load(handle)
            if not isinstance(head, dict) or head.get("version") != _version():
                return {}
            for _ in range(int(head["files"])):
                file, entry = pickle.load(handle)
                models[file] = entry
    except Exception:  # noqa: BLE001 - missing, truncated, or from another version: only a shortcut
        return {}
    return models


def write(root: Path, models: Models) -> None:
    """Keep the models for the next run; a cache that cannot be written is simply not kept."""
    path = _path(root)
    if path is None or path.parent.is_symlink():
        return
    try:
        # Whole or not at all: a reader at the same moment sees the old cache or the new.
        # Not fsynced: a cache lost in a crash is only rebuilt. Private, as mkstemp made it.
        with atomic_file(path, mode=0o600, durable=False) as handle:
            # A pickle a file, after a head: pickling remembers every object it has
            # written, and all 10,000 items at once took 20 MB more at the peak.
            pickle.dump({"version": _version(), "files": len(models)}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            for entry in models.items():
                pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a full disk, a read-only repository, a special file there: no cache, no harm
        return
    for stale in path.parent.glob(f"{_stem(root)}-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)  # made by another version of the reader
