"""The driver for one file: merge it node by node, or fall back to git's line merge."""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core.results import Conflict, MergeResult
from trioboard.core.tree import PosMap
from trioboard.core.vocabulary import BOARD_FILE, IDENTIFYING_KEYS, is_board_file
from trioboard.store import yamlio
from trioboard.store.merge.conflicts import MARKER, Prefer, side_for, unsettled
from trioboard.store.merge.line import _LABELS, line_merge
from trioboard.store.merge.nodes import _Merger
from trioboard.store.merge.spans import _Fallback, _Version

_BOM = "\ufeff"


def is_board_path(path: str | None) -> bool:
    """Whether `path` (as git names it) looks like a board file; None: unknown, judge by content.

    git names it from the top of the work tree, and a board may be anywhere
    below: its last one or two parts are what a board-relative path would be.
    """
    if path is None:
        return True
    parts = path.replace("\\", "/").split("/")
    return is_board_file(parts[-1]) or is_board_file("/".join(parts[-2:]))


def merge_text(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    path: str | None = None,
    *,
    prefer: Prefer = None,
    labels: tuple[str, str, str] = _LABELS,
    marker: int = MARKER,
) -> MergeResult:
    """Merge one board file; never raises for any input.

    `prefer` ("ours" or "theirs") settles every conflict that way instead
    of writing markers (the conflicts are still listed). `labels` and
    `marker` (the markers' length) are what the conflict markers show.
    """
    if ours == theirs or theirs == base:
        return MergeResult(ours)
    if ours == base:
        return MergeResult(theirs)
    if is_board_path(path):
        try:
            return _semantic(base, ours, theirs, path or "", prefer, labels, marker)
        except _Fallback:
            pass
        except Exception:  # noqa: BLE001 - a merge driver must never crash: git's line merge is always there
            pass
    whole_file = side_for(prefer, Conflict(path or "", None, "", ""))
    return line_merge(base, ours, theirs, labels, whole_file if isinstance(whole_file, str) else None, marker)


@dataclass(frozen=True, slots=True)
class _Form:
    bom: bool
    crlf: bool


def _read(data: bytes, *, empty_ok: bool) -> tuple[_Version, _Form]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Fallback from None
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    crlf = "\r\n" in text
    if crlf:
        if text.count("\r\n") != text.count("\n"):
            raise _Fallback  # mixed line endings: lines would not match the parser's
        text = text.replace("\r\n", "\n")
    if "\r" in text or any(ch in text for ch in "\x85\u2028\u2029"):
        raise _Fallback
    tree, problems = yamlio.parse(text.encode("utf-8"))
    if problems:
        raise _Fallback
    if tree is None and empty_ok and not text.strip(" \n#"):
        tree = PosMap((1, 1))
    if not isinstance(tree, PosMap):
        raise _Fallback
    if tree and not (IDENTIFYING_KEYS & tree.keys()):
        raise _Fallback  # some other YAML file
    return _Version(text.split("\n"), tree), _Form(bom, crlf)


def _semantic(
    base: bytes, ours: bytes, theirs: bytes, path: str, prefer: Prefer, labels: tuple[str, str, str], marker: int
) -> MergeResult:
    b, _ = _read(base, empty_ok=True)
    o, form = _read(ours, empty_ok=False)
    t, _ = _read(theirs, empty_ok=False)
    merger = _Merger(b, o, t, prefer, labels, marker)
    merger.root(_node_name(o.tree, t.tree, path))
    text = "\n".join(merger.result())
    if not unsettled(merger.conflicts, prefer):
        tree, problems = yamlio.parse(text.encode("utf-8"))
        if problems or not isinstance(tree, PosMap):
            raise _Fallback  # never hand back a file that does not read
    if form.crlf:
        text = text.replace("\n", "\r\n")
    if form.bom:
        text = _BOM + text
    return MergeResult(text.encode("utf-8"), merger.conflicts)


def _node_name(ours: PosMap, theirs: PosMap, path: str) -> str:
    for tree in (ours, theirs):
        if isinstance(tree.get("id"), str):
            return str(tree["id"])
    return path or BOARD_FILE
