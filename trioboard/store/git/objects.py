"""git's object store, read through `git cat-file --batch`: the one reader of objects.

Two ways to ask, one parser: `Objects.read` keeps one `cat-file` process
for a stream of questions (a board's history, one commit after another);
`read_all` asks for a list known at once in one short-lived process (a
sync's blobs, a sparse checkout's hidden files).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from trioboard.core.errors import GitError
from trioboard.store.git.runner import Git, Runs


@dataclass(frozen=True, slots=True)
class GitObject:
    """One object as `cat-file --batch` answers for it."""

    sha: str
    kind: str
    """"blob", "tree", "commit" or "tag"."""
    data: bytes


def _header(line: bytes) -> tuple[str, str, int] | None:
    """(object id, type, size) from a `cat-file --batch` header; None for `<name> missing` and the like."""
    parts = line.split()
    if len(parts) != 3:
        return None
    return parts[0].decode(), parts[1].decode(), int(parts[2])


class Objects:
    """git's object store, read through one long-lived `git cat-file --batch`."""

    def __init__(self, git: Git, *, nul: bool = False) -> None:
        self.git = git
        self.nul = nul
        """Names end in NUL (`cat-file -z`, git 2.38+): needed only for paths that hold a newline."""
        self._proc: subprocess.Popen[bytes] | None = None

    def read(self, spec: str) -> tuple[str, str, bytes] | None:
        """(object id, type, bytes) of what `spec` names, or None when it names nothing."""
        if "\n" in spec and not self.nul:
            return None
        if self._proc is None:
            self._proc = self.git.popen("cat-file", *(["-z"] if self.nul else []), "--batch")
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(spec.encode("utf-8", "surrogateescape") + (b"\0" if self.nul else b"\n"))
            proc.stdin.flush()
            line = proc.stdout.readline()
        except OSError:
            line = b""
        if not line:
            self.close()
            raise GitError("git cat-file stopped answering")
        header = _header(line)
        if header is None:
            return None
        sha, kind, size = header
        data = proc.stdout.read(size + 1)[:size]
        return sha, kind, data

    def close(self) -> None:
        """End the `cat-file` process."""
        if self._proc is not None:
            proc, self._proc = self._proc, None
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.close()
            proc.stdout.close()
            proc.wait()


def read_all(git: Runs, names: Sequence[str]) -> list[GitObject | None]:
    """The objects `names` name (object ids, or `rev:path`), in order; None for one that names nothing.

    One `git cat-file --batch` for the whole list. Names are one per line,
    so a name holding a newline names nothing here.
    """
    if not names:
        return []
    asked = "".join(f"{name}\n" for name in names if "\n" not in name).encode("utf-8", "surrogateescape")
    out = git.run_bytes("cat-file", "--batch", stdin=asked)
    found: list[GitObject | None] = []
    at = 0
    for name in names:
        if "\n" in name:
            found.append(None)
            continue
        end = out.index(b"\n", at)
        header = _header(out[at:end])
        if header is None:
            found.append(None)
            at = end + 1
            continue
        sha, kind, size = header
        found.append(GitObject(sha, kind, out[end + 1 : end + 1 + size]))
        at = end + 1 + size + 1  # the object's bytes are followed by a newline
    return found


def tree_entries(data: bytes) -> list[tuple[int, str, str]]:
    """A raw tree object's entries: (mode, name, object id)."""
    entries = []
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode = int(data[at:space], 8)
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        entries.append((mode, name, data[nul + 1 : nul + 21].hex()))
        at = nul + 21
    return entries


def blob_id(data: bytes) -> str:
    """The id git gives a blob of `data` (SHA-1 repositories), computed without asking git."""
    import hashlib  # 15 ms to import: only a sync that builds trees pays it, not `log` or `check`

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
