"""Reading a board's files from disk, refusing what a board file may not be.

Only regular files directly inside the board directory are read. A symbolic
link, a FIFO or a device is refused unread (opening a FIFO would hang) and
its target is never quoted: a board from an untrusted branch must not make
trioboard read, or print, files outside it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from trioboard.core.tree import Problem, SourceFile
from trioboard.core.vocabulary import (
    BOARD_FILE,
    EVIDENCE_DIR,
    EVIDENCE_SUFFIX,
    TEAMS_DIR,
    is_board_file,
    is_evidence_file,
)
from trioboard.store import yamlio
from trioboard.store.safe_io import MAX_FILE_BYTES, NotRegular, read_regular_file

_UTF8_BOM = b"\xef\xbb\xbf"
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")


def is_board_dir(path: Path) -> bool:
    """Whether `path` is a directory holding a board.yaml."""
    return (path / BOARD_FILE).is_file()


def board_file_paths(root: Path) -> tuple[list[str], list[SourceFile]]:
    """The relative paths of a board's files, and entries refused by name or kind.

    board.yaml comes first, then team files in name order, then evidence
    files in path order. Dotfiles (editor lock files, trioboard's own
    temporary files) are not board files.
    """
    paths, refused = _yaml_file_paths(root)
    evidence, refused_evidence = evidence_file_paths(root)
    return paths + evidence, refused + refused_evidence


def _yaml_file_paths(root: Path) -> tuple[list[str], list[SourceFile]]:
    paths = [BOARD_FILE]
    refused: list[SourceFile] = []
    teams = root / TEAMS_DIR
    try:
        info = os.lstat(teams)
    except FileNotFoundError:
        return paths, refused
    except OSError as exc:
        return paths, [_unreadable(TEAMS_DIR, exc)]
    if not stat.S_ISDIR(info.st_mode):
        reason = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a directory"
        return paths, [_refused(TEAMS_DIR, f"is {reason}; teams/ must be a plain directory")]
    try:
        with os.scandir(teams) as entries:
            names = [entry.name for entry in entries]
    except OSError as exc:
        return paths, [_unreadable(TEAMS_DIR, exc)]
    team_paths, refused = select_team_files(names)
    return paths + team_paths, refused


def select_team_files(names: list[str]) -> tuple[list[str], list[SourceFile]]:
    """Which names in teams/ are team files (in name order), and which are misnamed.

    Shared by the work tree and git revisions, so both read the same board.
    """
    paths: list[str] = []
    refused: list[SourceFile] = []
    for name in sorted(names):
        if name.startswith("."):
            continue
        if is_board_file(f"{TEAMS_DIR}/{name}"):
            paths.append(f"{TEAMS_DIR}/{name}")
        elif name.endswith(".yml"):
            refused.append(
                _refused(
                    f"{TEAMS_DIR}/{name}",
                    "team files end in .yaml; this one is ignored until it is renamed",
                    rule="schema",
                )
            )
    return paths, refused


EVIDENCE_DEPTH = 32
"""The deepest sub-folder of evidence/ looked into."""


def evidence_file_paths(root: Path) -> tuple[list[str], list[SourceFile]]:
    """The board-relative paths of the evidence files, in path order, and the entries refused unread.

    A board without `evidence/` has none, at the cost of one `lstat`.
    """
    try:
        info = os.lstat(root / EVIDENCE_DIR)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [_refused_evidence(EVIDENCE_DIR, f"cannot be read: {exc.strerror or exc.__class__.__name__}")]
    if not stat.S_ISDIR(info.st_mode):
        return [], [evidence_dir_refused("a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a directory")]
    paths: list[str] = []
    refused: list[SourceFile] = []
    folders = [(EVIDENCE_DIR, 0)]
    while folders:  # a stack, not recursion: a deep tree of folders cannot exhaust Python's
        folder, depth = folders.pop()
        try:
            with os.scandir(root / folder) as listing:
                entries = [(entry.name, entry.is_symlink(), entry.is_dir(follow_symlinks=False)) for entry in listing]
        except OSError as exc:
            refused.append(_refused_evidence(folder, f"cannot be read: {exc.strerror or exc.__class__.__name__}"))
            continue
        for name, link, is_dir in entries:
            if name.startswith("."):
                continue
            rel = f"{folder}/{name}"
            if link:
                refused.append(evidence_link(rel))
            elif is_dir:
                if depth + 1 < EVIDENCE_DEPTH:
                    folders.append((rel, depth + 1))
            elif name.endswith(EVIDENCE_SUFFIX):
                paths.append(rel)
    paths.sort()
    refused.sort(key=lambda src: src.path)
    return paths, refused


def evidence_link(relpath: str) -> SourceFile:
    """A symbolic link under evidence/, refused unread (the same words from the work tree and from git)."""
    return _refused_evidence(relpath, "is a symbolic link; trioboard follows nothing out of evidence/")


def evidence_dir_refused(reason: str) -> SourceFile:
    """evidence/ itself is not a plain folder (`reason`: "a symbolic link", "not a directory")."""
    return _refused_evidence(EVIDENCE_DIR, f"is {reason}; evidence/ must be a plain directory")


def _refused_evidence(relpath: str, reason: str) -> SourceFile:
    what = "file" if relpath.endswith(EVIDENCE_SUFFIX) else "folder" if relpath == EVIDENCE_DIR else "entry"
    return SourceFile(relpath, None, [Problem("parse-error", f"this {what} {reason}", 1, 1)])


def read_source(root: Path, relpath: str) -> SourceFile:
    """Read and parse one board file (or evidence file), turning every failure into a problem."""
    if is_evidence_file(relpath):
        from trioboard.store.evidence_files import read_evidence_source  # it builds on this module

        return read_evidence_source(root, relpath)
    if (root / relpath).is_dir() and not (root / relpath).is_symlink():
        return directory_source(relpath)
    try:
        data = read_regular_file(root / relpath)
    except NotRegular as exc:
        return _refused(relpath, exc.reason)
    except OSError as exc:
        return _unreadable(relpath, exc)
    try:
        return parse_source(relpath, data)
    except Exception as exc:  # noqa: BLE001 - the load boundary: a finding, never a traceback
        return _refused(relpath, f"could not be read ({exc.__class__.__name__})")


def parse_source(relpath: str, data: bytes) -> SourceFile:
    """Parse the bytes of one board file (from disk or from a git blob)."""
    if len(data) > MAX_FILE_BYTES:
        return _refused(relpath, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    text, problems = decode_source(data)
    if text is None:
        return SourceFile(relpath, None, problems)
    breaker = hidden_break(text)
    if breaker is not None:
        return SourceFile(relpath, None, [breaker])
    tree, parse_problems = yamlio.parse(data.removeprefix(_UTF8_BOM))
    return SourceFile(relpath, tree, problems + parse_problems)


def decode_source(data: bytes, *, cut: bool = False) -> tuple[str | None, list[Problem]]:
    """A file's text (None when it is not UTF-8) and the problems with its encoding.

    `cut`: the bytes are the head of a longer file, so a character split at the end is dropped, not a problem.
    """
    problems: list[Problem] = []
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        problems.append(Problem("schema", "the file starts with a byte-order mark; save it as UTF-8 without one", 1, 1))
    try:
        return data.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8"), problems
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem("parse-error", f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", line, column)
        ]


def hidden_break(text: str) -> Problem | None:
    """A `parse-error` at the first character YAML reads as a line break where no editor shows one."""
    breaker = _HIDDEN_BREAK.search(text)
    if breaker is None:
        return None
    # Every line number after it would be wrong, and the text silently changes.
    start = breaker.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    message = f"the character U+{ord(breaker.group()):04X} is a hidden line break; remove it"
    return Problem("parse-error", message, line, column)


def directory_source(relpath: str) -> SourceFile:
    """A name in teams/ that ends in .yaml but is a directory, said as what it is.

    The work tree and git revisions say it in the same words, so `--since`
    matches it as the same finding.
    """
    message = f"{relpath} is a directory, not a team file; a team file is a regular file"
    return SourceFile(relpath, None, [Problem("parse-error", message, 1, 1)])


def refused_source(relpath: str, reason: str) -> SourceFile:
    """A board file that is refused unread, as a parse-error at its first line."""
    return _refused(relpath, reason)


def _refused(relpath: str, reason: str, rule: str = "parse-error") -> SourceFile:
    what = "directory" if relpath == TEAMS_DIR else "file"
    return SourceFile(relpath, None, [Problem(rule, f"this {what} {reason}", 1, 1)])


def _unreadable(relpath: str, exc: OSError) -> SourceFile:
    return _refused(relpath, f"cannot be read: {exc.strerror or exc.__class__.__name__}")


def read_board_dir(root: Path) -> list[SourceFile]:
    """Every file of the board at `root`, parsed; board.yaml first."""
    paths, refused = board_file_paths(root)
    return [read_source(root, path) for path in paths] + refused


def stat_key(path: Path) -> tuple[int, ...]:
    """What changes when a file does: size, times, inode (empty when it cannot be read)."""
    try:
        info = os.lstat(path)
    except OSError:
        return ()
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def file_stats(root: Path, paths: list[str]) -> list[tuple[str, int, int, int]]:
    """(path, size, mtime_ns, inode) of each of `paths` under `root` that exists: a cheap signature."""
    out = []
    for path in paths:
        try:
            info = os.lstat(root / path)
        except OSError:
            continue
        out.append((path, info.st_size, info.st_mtime_ns, info.st_ino))
    return out
