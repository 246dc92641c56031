"""Ids across team files: the same id added in two files, and a node moved on one side and removed on the other.

A file-by-file merge cannot see these: each file merges cleanly, and the
board ends with one id twice, or with a node the other side removed living
on in the file it was moved to. They are settled here, before the files
merge, by cutting the entry from one side's file:

- the same new node added on both sides in different files, alike: taken
  once, where the published side (the remote) put it, with a note saying so;
- added (or moved) to different files with different content, or moved on
  one side and removed on the other: a conflict naming both sides, settled
  by `prefer` to one side or left for the caller to stop on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trioboard.core.results import Conflict
from trioboard.core.tree import PosMap, PosSeq
from trioboard.core.vocabulary import NODE_LISTS, TEAMS_DIR, MergeSide
from trioboard.store import yamlio
from trioboard.store.merge.conflicts import Prefer, side_for
from trioboard.store.merge.spans import _plain

Files = dict[str, bytes]

_ENTRY_ID = re.compile(rb"^[ \t]*-[ \t]+id:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)", re.MULTILINE)
"""An id written as a block list entry: a quick scan before any parse."""


@dataclass(slots=True)
class Reconciled:
    """Both sides with the entries that lost cut, the conflicts and notes for the person."""

    ours: Files
    theirs: Files
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _ids(files: Files, path: str) -> set[str]:
    data = files.get(path)
    return {m.decode() for m in _ENTRY_ID.findall(data)} if data else set()


def _entry(files: Files, path: str, ident: str) -> tuple[str, object] | None:
    """The top-level list holding `ident` in a file, and the entry's plain value."""
    data = files.get(path)
    if data is None:
        return None
    tree, problems = yamlio.parse(data.removeprefix(b"\xef\xbb\xbf"))
    if not isinstance(tree, PosMap) or problems:
        return None
    for key in NODE_LISTS:
        entries = tree.get(key)
        if isinstance(entries, PosSeq):
            for entry in entries:
                if isinstance(entry, PosMap) and entry.get("id") == ident:
                    value = _plain(entry)
                    return key, value
    return None


def _cut(files: Files, path: str, ident: str) -> Files | None:
    """`files` with the entry `ident` cut from `path`; None when it cannot be cut safely."""
    from trioboard.core.edits import CutEntry, Refused
    from trioboard.store import editor

    found = _entry(files, path, ident)
    if found is None:
        return None
    try:
        text = files[path].decode("utf-8")
        new = editor.apply((CutEntry(path, found[0], ident),), {path: text}.get)
    except (Refused, UnicodeDecodeError):
        return None
    out = dict(files)
    out[path] = (new[path] or "").encode("utf-8")
    return out


def reconcile(base: Files, ours: Files, theirs: Files, prefer: Prefer, published: str) -> Reconciled:
    """Settle ids that arrive in different team files on the two sides (see the module's docstring).

    `published` is the side ("ours" or "theirs") that is already on the
    remote: an equal addition stays where that side put it.
    """
    done = Reconciled(ours, theirs)
    changed = sorted(
        path
        for path in set(base) | set(ours) | set(theirs)
        if path.startswith(f"{TEAMS_DIR}/") and (ours.get(path) != base.get(path) or theirs.get(path) != base.get(path))
    )
    if not changed:
        return done
    ids = {
        name: {path: _ids(files, path) for path in changed} for name, files in (("b", base), ("o", ours), ("t", theirs))
    }

    def arrived(side: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for path in changed:
            for ident in ids[side][path] - ids["b"][path]:
                out.setdefault(ident, []).append(path)
        return out

    def present(side: str, ident: str) -> bool:
        return any(ident in ids[side][path] for path in changed)

    to_o, to_t = arrived("o"), arrived("t")
    for ident in sorted(set(to_o) | set(to_t)):
        homes = [path for path in changed if ident in ids["b"][path]]
        o_paths, t_paths = to_o.get(ident, []), to_t.get(ident, [])
        if o_paths and t_paths:
            if set(o_paths) & set(t_paths) or len(o_paths) > 1 or len(t_paths) > 1:
                continue  # the same file on both sides: the file's merge settles it
            _both_placed(done, base, ident, o_paths[0], t_paths[0], bool(homes), prefer, published)
        elif homes and (o_paths or t_paths):
            mover = MergeSide.OURS if o_paths else MergeSide.THEIRS
            side, other = ("o", "t") if mover == MergeSide.OURS else ("t", "o")
            left_home = not any(ident in ids[side][home] for home in homes)
            if left_home and not present(other, ident):
                _moved_and_removed(done, ident, (o_paths or t_paths)[0], mover, prefer)
    return done


def _both_placed(
    done: Reconciled, base: Files, ident: str, o_path: str, t_path: str, moved: bool, prefer: Prefer, published: str
) -> None:
    """One id placed in different files on both sides: once when alike and new, else a conflict."""
    o_entry, t_entry = _entry(done.ours, o_path, ident), _entry(done.theirs, t_path, ident)
    verb = "moved to" if moved else "added in"
    if not moved and o_entry is not None and o_entry == t_entry:
        kept, other = (t_path, "ours") if published == MergeSide.THEIRS else (o_path, "theirs")
        if _drop(done, other, o_path if other == "ours" else t_path, ident):
            done.notes.append(f"{ident} was added alike on both sides: kept in {kept}")
            return
    conflict = Conflict(ident, None, f"{verb} {o_path}", f"{verb} {t_path}")
    done.conflicts.append(conflict)
    side = side_for(prefer, conflict)
    if side == MergeSide.OURS:
        _drop(done, "theirs", t_path, ident)
    elif side == MergeSide.THEIRS:
        _drop(done, "ours", o_path, ident)


def _moved_and_removed(done: Reconciled, ident: str, target: str, mover: MergeSide, prefer: Prefer) -> None:
    """Moved to `target` on `mover`'s side, removed on the other: a conflict, never a resurrection."""
    moved, removed = f"moved to {target}", "(removed)"
    mine, theirs = (moved, removed) if mover == MergeSide.OURS else (removed, moved)
    conflict = Conflict(ident, None, mine, theirs)
    done.conflicts.append(conflict)
    side = side_for(prefer, conflict)
    if side is not None and side != mover.value:
        _drop(done, mover.value, target, ident)


def _drop(done: Reconciled, side: str, path: str, ident: str) -> bool:
    """Cut `ident` from `path` on one side; False when it cannot be cut."""
    files = done.ours if side == MergeSide.OURS else done.theirs
    cut = _cut(files, path, ident)
    if cut is None:
        return False
    if side == MergeSide.OURS:
        done.ours = cut
    else:
        done.theirs = cut
    return True
