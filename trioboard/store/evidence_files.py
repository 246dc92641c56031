"""Finding and reading a board's evidence files (SPEC 11), refusing what they may not be.

Every `*.md` under `evidence/` beside board.yaml is one, sub-folders
included. Nothing is followed out of the board: a symbolic link (to a file
or a folder) is refused unread with a finding, dotfiles and dot-folders are
skipped (editors keep their backups there), and only regular files are
read. At most `READ_BYTES` of a file are read: a body may hold
`MAX_EVIDENCE_BODY` characters, and a 10 MB file is a finding, not 10 MB
in memory.

The front matter is parsed by the board's one YAML reader (`yamlio`), so a
YAML bomb, a tag or deep nesting is refused as in any board file; the text
is searched for personal data here, while it is at hand (the body is not kept).
"""

from __future__ import annotations

import os
from pathlib import Path

from trioboard.core.evidence import WHAT, body_problem, split_front_matter
from trioboard.core.personal_data import spot
from trioboard.core.tree import PosMap, Problem, SourceFile
from trioboard.core.vocabulary import is_evidence_file
from trioboard.store import yamlio
from trioboard.store.files import decode_source, hidden_break, parse_source, refused_source
from trioboard.store.safe_io import NotRegular, read_regular_head

READ_BYTES = 512 * 1024
"""The most of an evidence file read: a body of 100,000 characters is at most 400 KB of UTF-8."""


def read_evidence_source(root: Path, relpath: str) -> SourceFile:
    """Read and parse one evidence file, turning every failure into a problem."""
    try:
        data, truncated = read_regular_head(root / relpath, READ_BYTES)
    except NotRegular as exc:
        return refused_source(relpath, exc.reason)
    except OSError as exc:
        return refused_source(relpath, f"cannot be read: {exc.strerror or exc.__class__.__name__}")
    try:
        return parse_evidence_source(relpath, data, truncated=truncated)
    except Exception as exc:  # noqa: BLE001 - the load boundary: a finding, never a traceback
        return refused_source(relpath, f"could not be read ({exc.__class__.__name__})")


def parse_file(relpath: str, data: bytes) -> SourceFile:
    """Parse a file of the board read whole from git: an evidence file (its first `READ_BYTES`) or a YAML file."""
    if is_evidence_file(relpath):
        return parse_evidence_source(relpath, data[:READ_BYTES], truncated=len(data) > READ_BYTES)
    return parse_source(relpath, data)


def parse_evidence_source(relpath: str, data: bytes, *, truncated: bool = False) -> SourceFile:
    """Parse an evidence file's bytes (from disk or a git blob; `truncated`: only its first `READ_BYTES`).

    The tree is the front matter's, with the file's own line numbers; the
    problems are its format's and the personal data found anywhere in it.
    """
    if truncated:
        data = data[:READ_BYTES]
    text, problems = decode_source(data, cut=truncated)
    if text is None:
        return SourceFile(relpath, None, problems)
    split = split_front_matter(text)
    if isinstance(split, Problem):
        return SourceFile(relpath, None, [*problems, split, *_personal(text, None, None)])
    front = text[: split.yaml_end]
    hidden = hidden_break(front)
    if hidden is not None:
        return SourceFile(relpath, None, [*problems, hidden])
    tree, parse_problems = yamlio.parse_flat(front) or yamlio.parse(front.encode("utf-8"))
    problems += parse_problems
    body_chars = len(text) - split.body_start
    too_long = body_problem(body_chars, split.body_line, truncated=truncated, read_bytes=READ_BYTES)
    if too_long is not None:
        problems.append(too_long)
    problems += _personal(text, tree if isinstance(tree, PosMap) else None, split.body_line)
    return SourceFile(relpath, tree, problems, body_chars)


def _personal(text: str, front: PosMap | None, body_line: int | None) -> list[Problem]:
    """A `personal-data` problem for each email address or phone number, saying where and never what.

    `body_line`: where the body starts (None: the file has no front matter);
    `front`: the front matter's keys, to name the one a finding is in.
    """
    out = []
    for found in spot(text):
        if body_line is None:
            where = f"this file (line {found.line})"
        elif found.line >= body_line:
            where = f"the body (line {found.line})"
        else:
            key = _key_at(front, found.line) if front is not None else None
            where = f"'{key}' of {WHAT}" if key else WHAT
        message = f"{found.what} in {where}: customers stay pseudonymous in git; remove it or write a pseudonym"
        out.append(Problem("personal-data", message, found.line, found.column))
    return out


def _key_at(front: PosMap, line: int) -> str | None:
    """The top-level key of the front matter whose value holds `line` (the last key written at or above it)."""
    above = [(at[0], key) for key, at in front.key_pos.items() if at[0] <= line]
    return max(above)[1] if above else None


def name_taken(root: Path, relpath: str) -> bool:
    """Whether anything at all (a file, a folder, a link, even a dangling one) holds `relpath` under `root`."""
    return os.path.lexists(root / relpath)
