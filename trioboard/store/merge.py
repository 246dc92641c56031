"""The semantic three-way merge of one board file (SPEC 8): git's merge driver.

`merge_text(base, ours, theirs)` starts from OURS and carries over what
THEIRS changed since BASE, node by node, on lines:

- Nodes in `goals`, `outcomes` and `roadmap` are matched by id, mapping keys
  by name, so each side's change is found wherever the other side moved
  things around it.
- A node or field only one side touched is taken whole from that side, so a
  node taken from THEIRS keeps its own comments and quoting; what neither
  side touched is never rewritten, so it stays byte for byte as in OURS.
- A node both sides touched is merged field by field; link lists merge as
  sets; the same field set to different values, a removal against a change,
  and one new id with different content on each side are conflicts, written
  the way git writes them around the smallest whole node or field.

Anything this cannot read safely (a side that does not parse, a file that is
not a board file, duplicate ids, flow-style nodes) goes to git's own line
merge instead. It never raises for any input and never drops a side.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from trioboard.core.results import Conflict, MergeResult
from trioboard.core.tree import PosMap, PosSeq, Typed
from trioboard.store import blocks, yamlio

NODE_LISTS = frozenset(("goals", "outcomes", "roadmap"))
"""Top-level lists of nodes that carry an id."""
LINK_LISTS = frozenset(("goals", "outcomes", "depends_on", "tags", "links"))
"""Lists of plain values that merge as sets (inside a node)."""
MARKER = 7
"""Length of a conflict marker, as git writes them."""
_BOM = "\ufeff"


Prefer = str | Mapping[tuple[str, str | None], str] | None
"""How conflicts are settled: None (marked), "ours" or "theirs" for all, or per (node, field)."""


def side_for(prefer: Prefer, conflict: Conflict) -> str | None:
    """The side that settles `conflict` ("ours" or "theirs"), or None: leave it marked."""
    if prefer is None or isinstance(prefer, str):
        return prefer
    return prefer.get((conflict.node, conflict.field))


def flipped(prefer: Prefer) -> Prefer:
    """The same choices seen from the other side (for a replayed commit, ours and theirs swap)."""
    swap = {"ours": "theirs", "theirs": "ours"}
    if prefer is None:
        return None
    if isinstance(prefer, str):
        return swap.get(prefer)
    return {key: swap[value] for key, value in prefer.items() if value in swap}


def unsettled(conflicts: list[Conflict], prefer: Prefer) -> list[Conflict]:
    """The conflicts `prefer` does not settle."""
    return [c for c in conflicts if side_for(prefer, c) is None]


class _Fallback(Exception):
    """This file cannot be merged node by node: use git's line merge."""


class _Escalate(Exception):
    """This part cannot be edited on its own lines: merge the enclosing node whole."""


def is_board_path(path: str | None) -> bool:
    """Whether `path` (as git names it) looks like a board file; None: unknown, judge by content."""
    if path is None:
        return True
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    if name == "board.yaml":
        return True
    return len(parts) >= 2 and parts[-2] == "teams" and name.endswith(".yaml")


def merge_text(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    path: str | None = None,
    *,
    prefer: Prefer = None,
    labels: tuple[str, str, str] = ("ours", "base", "theirs"),
) -> MergeResult:
    """Merge one board file; never raises for any input.

    `prefer` ("ours" or "theirs") settles every conflict that way instead
    of writing markers (the conflicts are still listed).
    """
    if ours == theirs or theirs == base:
        return MergeResult(ours)
    if ours == base:
        return MergeResult(theirs)
    if is_board_path(path):
        try:
            return _semantic(base, ours, theirs, path or "", prefer, labels)
        except _Fallback:
            pass
        except Exception:  # noqa: BLE001 - a merge driver must never crash: git's line merge is always there
            pass
    whole_file = side_for(prefer, Conflict(path or "", None, "", ""))
    return line_merge(base, ours, theirs, labels, whole_file)


def line_merge(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    labels: tuple[str, str, str] = ("ours", "base", "theirs"),
    prefer: str | None = None,
) -> MergeResult:
    """git's own line merge (`git merge-file`), the answer for anything not a readable board file."""
    with tempfile.TemporaryDirectory(prefix="trioboard-merge-") as tmp:
        names = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            file = Path(tmp) / name
            file.write_bytes(data)
            names.append(str(file))
        args = ["git", "merge-file", "-p", "-L", labels[0], "-L", labels[1], "-L", labels[2]]
        if prefer in ("ours", "theirs"):
            args.append(f"--{prefer}")
        done = subprocess.run([*args, *names], capture_output=True, check=False)
    if done.returncode < 0 or done.returncode > 127:
        # git itself failed (not a count of conflicts): keep ours, mark it conflicted.
        return MergeResult(ours, semantic=False, line_conflicts=1)
    return MergeResult(done.stdout, semantic=False, line_conflicts=done.returncode)


# -- reading the three versions ------------------------------------------------------


@dataclass(slots=True)
class _Version:
    """One side: its lines (LF, no BOM) and positioned tree."""

    lines: list[str]
    tree: PosMap


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
    if tree and not ({"goals", "name", "id", "roadmap", "outcomes"} & tree.keys()):
        raise _Fallback  # some other YAML file
    return _Version(text.split("\n"), tree), _Form(bom, crlf)


def _semantic(
    base: bytes, ours: bytes, theirs: bytes, path: str, prefer: Prefer, labels: tuple[str, str, str]
) -> MergeResult:
    b, _ = _read(base, empty_ok=True)
    o, form = _read(ours, empty_ok=False)
    t, _ = _read(theirs, empty_ok=False)
    merger = _Merger(b, o, t, prefer, labels)
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
    return path or "board.yaml"


# -- values, for comparing and for showing ---------------------------------------------


def _plain(value: object) -> object:
    """A value with positions dropped, for equality."""
    if isinstance(value, PosMap):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, PosSeq):
        return [_plain(v) for v in value]
    if isinstance(value, Typed):
        return value.text
    return value


def show(value: object, limit: int = 60) -> str:
    """A value on one line, as a person reads it in a conflict report."""
    plain = _plain(value)
    if plain is _ABSENT:
        text = "(removed)"
    elif plain is None:
        text = "(empty)"
    elif isinstance(plain, str):
        text = repr(plain) if plain else "''"
    elif isinstance(plain, list):
        text = "[" + ", ".join(str(v) for v in plain) + "]"
    elif isinstance(plain, dict):
        text = "{" + ", ".join(f"{k}: {v}" for k, v in plain.items()) + "}"
    else:
        text = str(plain)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ABSENT = object()


# -- spans: where a field or node is, on lines ------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    """Lines [first, last] holding a node or field; `column` is where its key or dash is."""

    first: int
    last: int
    column: int
    head: int
    """The line of the key or dash itself (after any comment lines above it)."""


def _key_span(version: _Version, mapping: PosMap, key: str) -> _Span:
    line, col = mapping.key_pos[key]
    block = blocks.extent(version.lines, line - 1, col - 1, key=True)
    for other, pos in mapping.key_pos.items():
        if other != key and line - 1 <= pos[0] - 1 <= block.last:
            raise _Escalate  # flow style, or several keys on one line
    return _Span(line - 1, block.last, col - 1, line - 1)


def _entry_spans(version: _Version, seq: PosSeq) -> list[_Span]:
    """The span of every entry of a block sequence, with the comments above each."""
    lines = version.lines
    spans = []
    for n, (line, col) in enumerate(seq.item_pos):
        text = lines[line - 1]
        dash = text.rfind("-", 0, col - 1)
        if dash < 0 or text[:dash].strip() or text[dash + 1 : col - 1].strip():
            raise _Escalate  # flow style
        block = blocks.extent(lines, line - 1, dash)
        if n + 1 < len(seq.item_pos) and seq.item_pos[n + 1][0] - 1 <= block.last:
            raise _Escalate
        spans.append(_Span(block.first, block.last, dash, line - 1))
    return spans


def _text_of(version: _Version, span: _Span) -> tuple[str, ...]:
    """A span's lines from its key or dash on, shifted to column 0: equal text means untouched."""
    lines = version.lines
    first = lines[span.head][span.column :]
    rest = [
        line[min(span.column, len(line) - len(line.lstrip(" "))) :] for line in lines[span.head + 1 : span.last + 1]
    ]
    above = [line.strip() for line in lines[span.first : span.head]]
    return (*above, first, *rest)


def _ids(seq: PosSeq) -> list[str]:
    ids = []
    for entry in seq:
        if not isinstance(entry, PosMap) or not isinstance(entry.get("id"), str):
            raise _Escalate
        ids.append(str(entry["id"]))
    if len(set(ids)) != len(ids):
        raise _Escalate
    return ids


# -- the merge ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Edit:
    first: int
    end: int
    """Lines [first, end) of OURS are replaced by `lines`; first == end inserts."""
    lines: list[str]
    order: int


class _Merger:
    """Collects line edits on OURS that carry THEIRS' changes over, then applies them."""

    def __init__(
        self, base: _Version, ours: _Version, theirs: _Version, prefer: Prefer, labels: tuple[str, str, str]
    ) -> None:
        self.b, self.o, self.t = base, ours, theirs
        self.prefer = prefer
        self.labels = labels
        self.edits: list[_Edit] = []
        self.conflicts: list[Conflict] = []

    def result(self) -> list[str]:
        """OURS with every edit applied; an insertion at a line goes before a replacement starting there."""
        lines = self.o.lines
        out: list[str] = []
        cursor = 0
        for edit in sorted(self.edits, key=lambda e: (e.first, e.end != e.first, e.order)):
            if edit.first < cursor:
                raise _Fallback  # two edits over the same lines: never guess
            out += lines[cursor : edit.first]
            out += edit.lines
            cursor = max(cursor, edit.end)
        return out + lines[cursor:]

    def _edit(self, first: int, end: int, lines: list[str]) -> None:
        self.edits.append(_Edit(first, end, lines, len(self.edits)))

    # -- conflicts ------------------------------------------------------------

    def _conflict(self, first: int, end: int, ours: list[str], theirs: list[str], what: Conflict) -> None:
        """Record a conflict and write it over OURS lines [first, end) (or settle it by `prefer`)."""
        self.conflicts.append(what)
        side = side_for(self.prefer, what)
        if side == "ours":
            return
        if side == "theirs":
            self._edit(first, end, theirs)
            return
        self._edit(
            first,
            end,
            ["<" * MARKER + " " + self.labels[0], *ours, "=" * MARKER, *theirs, ">" * MARKER + " " + self.labels[2]],
        )

    # -- taking lines from THEIRS ------------------------------------------------

    def _theirs_lines(self, span: _Span, column: int) -> list[str]:
        """THEIRS' lines of a span, moved to `column`, comments above included."""
        lines = self.t.lines
        delta = column - span.column
        above = blocks.reindent(lines[span.first : span.head], delta)
        head = " " * column + lines[span.head][span.column :]
        return [*above, head, *blocks.reindent(lines[span.head + 1 : span.last + 1], delta)]

    def _ours_lines(self, span: _Span) -> list[str]:
        return self.o.lines[span.first : span.last + 1]

    # -- the file ------------------------------------------------------------

    def root(self, name: str) -> None:
        """Merge the top-level mapping of the file."""
        try:
            self._mapping(self.b.tree, self.o.tree, self.t.tree, name, top=True)
        except _Escalate:
            raise _Fallback from None

    def _mapping(self, b: PosMap, o: PosMap, t: PosMap, node: str, *, top: bool, entry: _Span | None = None) -> None:
        """Merge two changed versions of one mapping, key by key."""
        column = _column(o, entry)
        for key in list(o) + [k for k in t if k not in o]:
            in_b, in_o, in_t = key in b, key in o, key in t
            bs = _key_span(self.b, b, key) if in_b else None
            os_ = _key_span(self.o, o, key) if in_o else None
            ts = _key_span(self.t, t, key) if in_t else None
            bt = _text_of(self.b, bs) if bs else None
            ot = _text_of(self.o, os_) if os_ else None
            tt = _text_of(self.t, ts) if ts else None
            if tt in (bt, ot):
                continue  # THEIRS did not touch it, or made the same change
            if os_ is not None and entry is not None and os_.head == entry.head:
                raise _Escalate  # a key on the dash line: merge the node whole
            if ot == bt:
                if ts is None and os_ is not None:
                    self._edit(os_.head, os_.last + 1, [])  # THEIRS removed it
                elif ts is not None and os_ is not None:
                    self._edit(
                        os_.head,
                        os_.last + 1,
                        self._theirs_lines(_Span(ts.head, ts.last, ts.column, ts.head), os_.column),
                    )
                elif ts is not None:
                    self._insert_key(o, t, key, ts, column, entry)
                continue
            bv = b.get(key, _ABSENT)
            ov = o.get(key, _ABSENT)
            tv = t.get(key, _ABSENT)
            if _plain(ov) == _plain(tv):
                continue
            if top and key in NODE_LISTS and isinstance(ov, PosSeq) and isinstance(tv, PosSeq) and os_ and ts:
                base_seq = bv if isinstance(bv, PosSeq) else PosSeq((1, 1))
                self._node_list(base_seq, ov, tv, os_, key)
                continue
            if key in LINK_LISTS and not (top and key in NODE_LISTS) and os_ and ts and _is_links(ov) and _is_links(tv):
                self._link_list(bv, ov, tv, os_, ts, node, key)
                continue
            if isinstance(ov, PosMap) and isinstance(tv, PosMap) and os_ and ts:
                base_map = bv if isinstance(bv, PosMap) else PosMap((1, 1))
                try:
                    self._mapping(base_map, ov, tv, f"{node}.{key}", top=False, entry=None)
                    continue
                except _Escalate:
                    pass
            self._field_conflict(node, key, os_, ts, ov, tv, column, o, t, entry)

    def _field_conflict(
        self,
        node: str,
        key: str,
        os_: _Span | None,
        ts: _Span | None,
        ov: object,
        tv: object,
        column: int,
        o: PosMap,
        t: PosMap,
        entry: _Span | None,
    ) -> None:
        what = Conflict(node, key, show(ov), show(tv))
        theirs = self._theirs_lines(_Span(ts.head, ts.last, ts.column, ts.head), column) if ts else []
        if os_ is not None:
            self._conflict(os_.head, os_.last + 1, self.o.lines[os_.head : os_.last + 1], theirs, what)
        else:
            at = self._key_position(o, t, key, entry)
            self._conflict(at, at, [], theirs, what)

    def _insert_key(self, o: PosMap, t: PosMap, key: str, ts: _Span, column: int, entry: _Span | None) -> None:
        at = self._key_position(o, t, key, entry)
        self._edit(at, at, self._theirs_lines(_Span(ts.head, ts.last, ts.column, ts.head), column))

    def _key_position(self, o: PosMap, t: PosMap, key: str, entry: _Span | None) -> int:
        """Where a key THEIRS added goes in OURS: after the key THEIRS wrote before it."""
        order = list(t)
        for before in reversed(order[: order.index(key)]):
            if before in o:
                return _key_span(self.o, o, before).last + 1
        if entry is not None:
            return _key_span(self.o, o, next(iter(o))).last + 1 if o else entry.head + 1
        if o:
            return o.key_pos[next(iter(o))][0] - 1
        return len(self.o.lines) - (1 if self.o.lines and self.o.lines[-1] == "" else 0)

    # -- link lists ------------------------------------------------------------

    def _link_list(self, bv: object, ov: object, tv: object, os_: _Span, ts: _Span, node: str, key: str) -> None:
        """Apply THEIRS' additions and removals to OURS' list, in the order written."""
        base = [_plain(v) for v in bv] if isinstance(bv, PosSeq) else []
        mine = [_plain(v) for v in ov] if isinstance(ov, PosSeq) else []
        other = [_plain(v) for v in tv] if isinstance(tv, PosSeq) else []
        removed = [v for v in base if v not in other]
        merged = [v for v in mine if v not in removed]
        for value in other:
            if value not in base and value not in merged:
                merged.append(value)
        if merged == mine:
            return
        line = self.o.lines[os_.head]
        key_text = line[: os_.column] + line[os_.column :].split(":", 1)[0] + ":"
        items = [_flow_item(v) for v in merged]
        if any(item is None for item in items):
            raise _Escalate
        if isinstance(ov, PosSeq) and ov and ov.item_pos[0][0] - 1 > os_.head:
            # A block list stays a block list, at its own indentation.
            first_item = self.o.lines[ov.item_pos[0][0] - 1]
            dash = max(first_item.rfind("-", 0, ov.item_pos[0][1] - 1), 0)
            lines = [key_text] + [" " * dash + f"- {item}" for item in items]
            self._edit(os_.head, os_.last + 1, lines)
            return
        self._edit(os_.head, os_.last + 1, [key_text + " [" + ", ".join(str(i) for i in items) + "]"])

    # -- node lists ------------------------------------------------------------

    def _node_list(self, b: PosSeq, o: PosSeq, t: PosSeq, os_: _Span, key: str) -> None:
        """Merge `goals`, `outcomes` or `roadmap`: entries matched by id."""
        try:
            b_ids, o_ids, t_ids = _ids(b), _ids(o), _ids(t)
            b_spans = _entry_spans(self.b, b) if b else []
            o_spans, t_spans = _entry_spans(self.o, o), _entry_spans(self.t, t)
        except _Escalate:
            raise _Fallback from None
        if not o:
            raise _Fallback  # an empty or flow list on our side: let the line merge place entries
        b_at = dict(zip(b_ids, range(len(b_ids)), strict=True))
        o_at = dict(zip(o_ids, range(len(o_ids)), strict=True))
        t_at = dict(zip(t_ids, range(len(t_ids)), strict=True))
        column = o_spans[0].column
        spaced = _spaced(self.o.lines, o_spans)
        removed_all = True
        for ident in o_ids:
            n = o_at[ident]
            os_n, ov = o_spans[n], o[n]
            ot = _text_of(self.o, os_n)
            bt = _text_of(self.b, b_spans[b_at[ident]]) if ident in b_at else None
            if ident not in t_at:
                if ident not in b_at:
                    removed_all = False
                    continue  # ours added it
                if ot == bt or _plain(ov) == _plain(b[b_at[ident]]):
                    self._remove_entry(os_n)
                    continue
                removed_all = False
                self._conflict(
                    os_n.first,
                    os_n.last + 1,
                    self._ours_lines(os_n),
                    [],
                    Conflict(ident, None, "changed", "(removed)"),
                )
                continue
            removed_all = False
            ts_n, tv = t_spans[t_at[ident]], t[t_at[ident]]
            tt = _text_of(self.t, ts_n)
            if tt in (bt, ot):
                continue
            if ot == bt:
                self._edit(os_n.first, os_n.last + 1, self._theirs_lines(ts_n, os_n.column))
                continue
            if _plain(ov) == _plain(tv):
                continue
            assert isinstance(ov, PosMap) and isinstance(tv, PosMap)
            whole = Conflict(ident, None, show(ov), show(tv))
            if ident not in b_at:
                self._conflict(
                    os_n.first, os_n.last + 1, self._ours_lines(os_n), self._theirs_lines(ts_n, column), whole
                )
                continue
            base_entry = b[b_at[ident]]
            assert isinstance(base_entry, PosMap)
            mark = (len(self.edits), len(self.conflicts))
            try:
                self._mapping(base_entry, ov, tv, ident, top=False, entry=os_n)
            except _Escalate:
                del self.edits[mark[0] :], self.conflicts[mark[1] :]
                self._conflict(
                    os_n.first, os_n.last + 1, self._ours_lines(os_n), self._theirs_lines(ts_n, column), whole
                )
        for ident in t_ids:
            if ident in o_at:
                continue
            ts_n = t_spans[t_at[ident]]
            lines = self._theirs_lines(ts_n, column)
            at = self._entry_position(ident, t_ids, o_ids, o_spans, set(b_at) | set(t_at))
            if ident in b_at:
                bt = _text_of(self.b, b_spans[b_at[ident]])
                if _text_of(self.t, ts_n) == bt or _plain(t[t_at[ident]]) == _plain(b[b_at[ident]]):
                    continue  # we removed it and they did not change it
                self._conflict(at, at, [], lines, Conflict(ident, None, "(removed)", "changed"))
                continue
            removed_all = False
            self._edit(at, at, ["", *lines] if spaced else lines)
        if removed_all:
            raise _Fallback  # the list ends empty: leave writing `[]` to the line merge

    def _entry_position(
        self, ident: str, t_ids: list[str], o_ids: list[str], o_spans: list[_Span], known: set[str]
    ) -> int:
        """After the entry THEIRS wrote before this one (and after what OURS added there), or first."""
        o_at = {o: n for n, o in enumerate(o_ids)}
        for before in reversed(t_ids[: t_ids.index(ident)]):
            if before in o_at:
                n = o_at[before]
                while n + 1 < len(o_ids) and o_ids[n + 1] not in known:
                    n += 1  # our own additions right there come first, as git would put them
                return o_spans[n].last + 1
        return o_spans[0].first

    def _remove_entry(self, span: _Span) -> None:
        lines = self.o.lines
        end = span.last + 1
        before = lines[span.first - 1] if span.first > 0 else ""
        if end < len(lines) - 1 and not lines[end].strip() and (not before.strip() or before.rstrip().endswith(":")):
            end += 1
        self._edit(span.first, end, [])


def _column(mapping: PosMap, entry: _Span | None) -> int:
    if mapping.key_pos:
        return next(iter(mapping.key_pos.values()))[1] - 1
    return (entry.column + 2) if entry else 0


def _spaced(lines: list[str], spans: list[_Span]) -> bool:
    """Whether OURS separates entries with a blank line."""
    if len(spans) < 2:
        return False
    after = spans[0].last + 1
    return after < len(lines) and not lines[after].strip()


def _is_links(value: object) -> bool:
    return (
        value is _ABSENT
        or value is None
        or (isinstance(value, PosSeq) and all(isinstance(v, (str, Typed)) for v in value))
    )


_SAFE_FLOW = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=~?&#")


def _flow_item(value: object) -> str | None:
    """One value as a flow-list item: plain when that reads back the same, else double-quoted."""
    if not isinstance(value, str):
        return None
    plain = value and set(value) <= _SAFE_FLOW and value[0].isalnum() and " #" not in value and ": " not in value
    if plain and yamlio.resolve_plain(value) == value:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def describe(conflicts: Sequence[Conflict]) -> list[str]:
    """One line per conflict."""
    return [c.describe() for c in conflicts]


# -- the whole board ------------------------------------------------------------------------

Files = dict[str, bytes]
"""A board's files by path relative to the board directory (`board.yaml`, `teams/checkout.yaml`)."""


@dataclass(slots=True)
class BoardMerge:
    """The merged board: every file's new bytes (None: removed) and the conflicts."""

    files: dict[str, bytes | None]
    conflicts: list[Conflict]


def merge_board(base: Files, ours: Files, theirs: Files, *, prefer: Prefer = None) -> BoardMerge:
    """Merge three versions of a whole board, file by file, after following items that changed team.

    An item that one side moved to another team's file is first moved the
    same way in the base and on the other side, so a move on one side and a
    change on the other end up both moved and changed. The result holds
    every path present on any side.
    """
    base, ours = _follow_moves(base, ours, theirs)
    base, theirs = _follow_moves(base, theirs, ours)
    out: dict[str, bytes | None] = {}
    conflicts: list[Conflict] = []
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
    return BoardMerge(out, conflicts)


def _homes(files: Files, paths: set[str]) -> dict[str, str]:
    """Which of the team files `paths` holds each roadmap item."""
    homes: dict[str, str] = {}
    for path in sorted(paths):
        data = files.get(path)
        if data is None or not path.startswith("teams/"):
            continue
        tree, problems = yamlio.parse(data.removeprefix(b"\xef\xbb\xbf"))
        roadmap = tree.get("roadmap") if isinstance(tree, PosMap) and not problems else None
        if not isinstance(roadmap, PosSeq):
            continue
        for entry in roadmap:
            if isinstance(entry, PosMap) and isinstance(entry.get("id"), str):
                homes.setdefault(str(entry["id"]), path)
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
    """Base and `side` with the items `mover` moved to another team's file moved the same way."""
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
    for ident, source, target in moves:
        steps = (CutEntry(source, "roadmap", ident), PasteEntry(target, "roadmap", source, ident))
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
