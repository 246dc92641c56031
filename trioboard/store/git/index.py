"""Temporary git indexes: trees and index files built from objects, never from the work tree.

A commit's tree (an edit's, a sync's) and the user's next index are built
in an index file of trioboard's own in `.git/trioboard/`, named to git by
`GIT_INDEX_FILE` for those commands only, then removed with any lock git
left beside it. Neither the work tree nor the user's index is read, so
nothing anyone changes meanwhile slips in.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from trioboard.store.git.runner import Git
from trioboard.store.safe_io import read_plain

ZERO = "0" * 40
"""The null object id: in `--index-info` input it removes a path, in `update-ref` it means "absent"."""

Entries = Mapping[str, tuple[str, str] | None]
"""Path (from the top) → (mode, blob id), or None to remove the path."""


def index_info(entries: Entries) -> bytes:
    """`update-index -z --index-info` input: each path's (mode, blob), or its removal."""
    lines = []
    for path, entry in entries.items():
        mode, sha = entry if entry else ("0", ZERO)
        lines.append(f"{mode} {sha}\t{path}\0")
    return "".join(lines).encode("utf-8", "surrogateescape")


@contextmanager
def temporary_index(state_dir: Path, start: bytes | None = None) -> Iterator[dict[str, str]]:
    """The environment that points git at a new index file holding `start` (None: no index yet).

    The file and any `.lock` git left beside it are removed afterwards.
    Its name starts `index-`, so recovery removes one a killed process left.
    """
    state_dir.mkdir(exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="index-", dir=state_dir)
    os.close(fd)
    index = Path(name)
    try:
        if start is None:
            index.unlink()  # git reads an empty file as a damaged index, a missing one as empty
        else:
            index.write_bytes(start)
        yield {"GIT_INDEX_FILE": str(index)}
    finally:
        index.unlink(missing_ok=True)
        Path(f"{index}.lock").unlink(missing_ok=True)


def write_tree(git: Git, state_dir: Path, start: str | None, entries: Entries) -> str:
    """The id of the tree of `start` (a commit or tree; None: empty) with `entries` applied."""
    with temporary_index(state_dir) as env:
        git.run("read-tree", *([start] if start else ["--empty"]), env=env)
        git.run_bytes("update-index", "-z", "--index-info", env=env, stdin=index_info(entries))
        return git.run("write-tree", env=env).strip()


def index_with(git: Git, state_dir: Path, current: bytes | None, entries: Entries) -> bytes:
    """The bytes of the index `current` (None: there is none yet) with `entries` applied."""
    with temporary_index(state_dir, current) as env:
        git.run_bytes("update-index", "-z", "--index-info", env=env, stdin=index_info(entries))
        data = read_plain(Path(env["GIT_INDEX_FILE"]))
        assert data is not None
        return data
