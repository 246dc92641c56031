"""The node-by-node merge of one file's tree: line edits on OURS that carry THEIRS' changes over.

Which keys hold nodes and which hold plain lists that merge as sets comes
from the vocabulary, so a new kind or link field merges field by field too.
"""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core import vocabulary as vocab
from trioboard.core.results import Conflict, TypedValue
from trioboard.core.tree import PosMap, PosSeq, Typed
from trioboard.core.vocabulary import MergeSide
from trioboard.store import blocks, yamlio
from trioboard.store.merge.conflicts import MARKER, Prefer, side_for
from trioboard.store.merge.spans import (
    _ABSENT,
    _entry_spans,
    _Escalate,
    _Fallback,
    _ids,
    _key_span,
    _plain,
    _Span,
    _text_of,
    _Version,
    show,
)

NODE_LISTS = frozenset(vocab.NODE_LISTS)
"""Top-level lists of nodes that carry an id."""
LINK_LISTS = vocab.LIST_KEYS
"""Lists of plain values that merge as sets (inside a node)."""


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
        self,
        base: _Version,
        ours: _Version,
        theirs: _Version,
        prefer: Prefer,
        labels: tuple[str, str, str],
        marker: int = MARKER,
    ) -> None:
        self.b, self.o, self.t = base, ours, theirs
        self.prefer = prefer
        self.labels = labels
        self.marker = marker
        """The conflict markers' length (git's `conflict-marker-size` attribute)."""
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
        side = side_for(self.prefer, what)
        if isinstance(side, TypedValue):
            raise _Fallback  # a typed value settles one field, never a whole node: never guess
        self.conflicts.append(what)
        if side == MergeSide.OURS:
            return
        if side == MergeSide.THEIRS:
            self._edit(first, end, theirs)
            return
        self._edit(
            first,
            end,
            [
                "<" * self.marker + " " + self.labels[0],
                *ours,
                "=" * self.marker,
                *theirs,
                ">" * self.marker + " " + self.labels[2],
            ],
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
        typed = side_for(self.prefer, what)
        if isinstance(typed, TypedValue):
            # The trio typed the value (checked by the workspace as `edit set` checks it): one `key: value` line.
            self.conflicts.append(what)
            from trioboard.core.edits.values import scalar_for  # only a typed settlement needs it
            from trioboard.core.errors import Refused

            try:
                value = scalar_for(node, key, typed.text)  # a measure's number stays a number
            except Refused:
                raise _Fallback from None
            line = yamlio.dump(yamlio.round_trip(yamlio.detect_style("")), {key: value})
            lines = [" " * column + part for part in line.rstrip("\n").split("\n")]
            at = os_.head if os_ is not None else self._key_position(o, t, key, entry)
            self._edit(at, os_.last + 1 if os_ is not None else at, lines)
            return
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
