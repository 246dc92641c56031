"""The merge of a whole board, file by file, after following items that changed team."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trioboard.core.results import Conflict
from trioboard.core.tree import PosMap, PosSeq
from trioboard.core.vocabulary import KINDS, TEAMS_DIR, Kind
from trioboard.store import yamlio
from trioboard.store.merge.conflicts import Prefer, side_for
from trioboard.store.merge.evidence import keep_both
from trioboard.store.merge.file import merge_text
from trioboard.store.merge.ids import reconcile

Files = dict[str, bytes]
"""A board's files by path relative to the board directory (`board.yaml`, `teams/checkout.yaml`)."""


@dataclass(slots=True)
class BoardMerge:
    """The merged board: every file's new bytes (None: removed) and the conflicts."""

    files: dict[str, bytes | None]
    conflicts: list[Conflict]
    notes: list[str] = field(default_factory=list)
    """What was settled without a conflict that a person should know (an equal addition kept once, and where)."""
    renamed: list[tuple[str, str]] = field(default_factory=list)
    """(path, new path) of each evidence file added on both sides: the unpublished side's twin, kept under the new."""


def merge_board(
    base: Files, ours: Files, theirs: Files, *, prefer: Prefer = None, published: str = "theirs"
) -> BoardMerge:
    """Merge three versions of a whole board, file by file, after following items that changed team.

    An item that one side moved to another team's file is first moved the
    same way in the base and on the other side, so a move on one side and a
    change on the other end up both moved and changed. The result holds
    every path present on any side. An id placed in different team files
    on the two sides is settled first (`merge.ids`); `published` is the side
    already on the remote, where an equal addition is kept. An evidence file
    added on both sides under one name with different text is kept twice
    (`merge.evidence`): the unpublished side's under a new name.
    """
    ours, theirs, renamed = keep_both(base, ours, theirs, published)
    settled = reconcile(base, ours, theirs, prefer, published)
    ours, theirs = settled.ours, settled.theirs
    base, ours = _follow_moves(base, ours, theirs)
    base, theirs = _follow_moves(base, theirs, ours)
    out: dict[str, bytes | None] = {}
    conflicts: list[Conflict] = list(settled.conflicts)
    for path in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(path), ours.get(path), theirs.get(path)
        if o is not None and t is not None:
            result = merge_text(b or b"", o, t, path, prefer=prefer)
            conflicts += result.conflicts
            if not result.semantic and (result.line_conflicts or side_for(prefer, Conflict(path, None, "", ""))):
                conflicts.append(Conflict(path, None, "changed", "changed (lines)"))
            out[path] = result.text
        elif o is None and t is None:
            out[path] = None
        elif b is None:
            out[path] = o if o is not None else t  # added on one side
        elif (o if o is not None else t) == b:
            out[path] = None  # removed on one side, untouched on the other
        else:
            mine, other = ("(removed)", "changed") if o is None else ("changed", "(removed)")
            conflicts.append(Conflict(path, None, mine, other))
            side = side_for(prefer, conflicts[-1])
            out[path] = (o if side == "ours" else t) if side else (o if o is not None else t)
    return BoardMerge(out, conflicts, settled.notes, renamed)


MOVING_LISTS = tuple(KINDS[kind].list_key or "" for kind in (Kind.ITEM, Kind.OPPORTUNITY))
"""The lists of the nodes `edit move` takes to another team's file: roadmap items and opportunities."""


def _homes(files: Files, paths: set[str]) -> dict[str, tuple[str, str]]:
    """Which of the team files `paths` holds each roadmap item and opportunity, and in which list."""
    homes: dict[str, tuple[str, str]] = {}
    for path in sorted(paths):
        data = files.get(path)
        if data is None or not path.startswith(f"{TEAMS_DIR}/"):
            continue
        tree, problems = yamlio.parse(data.removeprefix(b"\xef\xbb\xbf"))
        for list_key in MOVING_LISTS:
            entries = tree.get(list_key) if isinstance(tree, PosMap) and not problems else None
            if not isinstance(entries, PosSeq):
                continue
            for entry in entries:
                if isinstance(entry, PosMap) and isinstance(entry.get("id"), str):
                    homes.setdefault(str(entry["id"]), (path, list_key))
    return homes


_ENTRY_ID = re.compile(rb"^[ \t]*-[ \t]+id:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)", re.MULTILINE)


def _maybe_moved(base: Files, mover: Files, paths: set[str]) -> bool:
    def ids(files: Files, path: str) -> set[bytes]:
        data = files.get(path)
        return set(_ENTRY_ID.findall(data)) if data else set()

    before = {path: ids(base, path) for path in paths}
    for path in paths:
        arrived = ids(mover, path) - before[path]
        if any(arrived & ids_there for other, ids_there in before.items() if other != path):
            return True
    return False


def _follow_moves(base: Files, side: Files, mover: Files) -> tuple[Files, Files]:
    """Base and `side` with the items and opportunities `mover` moved to another team's file moved the same way."""
    from trioboard.core.edits import CutEntry, PasteEntry, Refused
    from trioboard.store import editor

    # A move changes both its files on the mover's side: only those are read,
    # and only when an id written as a list entry appears in one of them that
    # the base had in another file (a quick scan, before any parse).
    changed = {path for path in set(mover) | set(base) if mover.get(path) != base.get(path)}
    if len(changed) < 2 or not _maybe_moved(base, mover, changed):
        return base, side
    b_homes, s_homes, m_homes = _homes(base, changed), _homes(side, changed), _homes(mover, changed)
    moves = [
        (ident, b_homes[ident], target)
        for ident, target in m_homes.items()
        if ident in b_homes and b_homes[ident] != target and s_homes.get(ident) == b_homes[ident]
    ]
    if not moves:
        return base, side
    base, side = dict(base), dict(side)
    for ident, (source, list_key), (target, _) in moves:
        steps = (CutEntry(source, list_key, ident), PasteEntry(target, list_key, source, ident))
        moved: list[dict[str, str | None]] = []
        for files in (base, side):
            try:
                texts = {p: files[p].decode("utf-8") for p in (source, target)}
                moved.append(editor.apply(steps, texts.get))
            except (Refused, UnicodeDecodeError, KeyError):
                break  # cannot follow this move: the files merge as they are (a conflict, visibly)
        if len(moved) < 2:
            continue
        for files, new in zip((base, side), moved, strict=True):
            for path, text in new.items():
                if text is not None:
                    files[path] = text.encode("utf-8")
    return base, side
