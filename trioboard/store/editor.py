"""Applying a plan's document steps to the text of board files.

Setting a field, adding or removing a link and appending a node go through
ruamel.yaml's round-trip document of the one file they touch, so quoting,
comments and flow lists survive, and `yamlio.merge_edit` keeps every line
the edit did not touch exactly as it was. Removing a key and cutting or
pasting a node work on lines (`blocks`), so comments stay with the node
they describe. Line endings are the file's own: CRLF files stay CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString, SingleQuotedScalarString

from trioboard.core.edits import (
    AddListEntry,
    AddRef,
    AppendEntry,
    CreateFile,
    CutEntry,
    DeleteFile,
    DeleteKey,
    DropListEntry,
    DropRef,
    PasteEntry,
    Refused,
    SetKey,
    SetList,
    SetListEntry,
    Step,
)
from trioboard.core.tree import PosMap, PosSeq
from trioboard.core.vocabulary import ASSUMPTION_KEYS, KINDS, ROOT_ORDER, SUB_KEYS
from trioboard.store import blocks, yamlio
from trioboard.store.entry_lists import entry_step
from trioboard.store.entry_lists import insert as _insert

_ROUND_TRIP = (SetKey, SetList, AddRef, DropRef, AddListEntry, SetListEntry, DropListEntry)
_RoundTripStep = SetKey | SetList | AddRef | DropRef | AddListEntry | SetListEntry | DropListEntry
KEY_ORDER: dict[str, tuple[str, ...]] = {
    "": ROOT_ORDER,
    **{spec.list_key: spec.names for spec in KINDS.values() if spec.list_key},
    **{
        key.name: tuple(k.name for k in SUB_KEYS[key.type])
        for spec in KINDS.values()
        for key in spec.keys
        if key.type in SUB_KEYS
    },
    "assumptions": tuple(key.name for key in ASSUMPTION_KEYS),
}
"""Where a new key goes among existing ones: the order the SPEC writes them in."""


class _Text:
    """A file's text with LF line breaks, remembering whether it was CRLF."""

    def __init__(self, raw: str) -> None:
        self.crlf = "\r\n" in raw and raw.count("\r\n") == raw.count("\n")
        self.text = raw.replace("\r\n", "\n") if self.crlf else raw

    def out(self) -> str:
        return self.text.replace("\n", "\r\n") if self.crlf else self.text


def apply(steps: tuple[Step, ...], read: Callable[[str], str | None], new_file_head: str = "") -> dict[str, str | None]:
    """The new text of every file the steps touch (None: delete it).

    `read` gives a file's current text (None when it does not exist);
    `new_file_head` starts every file the steps create (the editor's schema hint).
    Raises Refused when the text does not hold what a step expects.
    """
    texts: dict[str, _Text | None] = {}
    for step in steps:
        if step.file not in texts:
            raw = read(step.file)
            texts[step.file] = None if raw is None else _Text(raw)
    # A pasted node comes from the source as it is now, before any cut.
    pasted: dict[tuple[str, str], tuple[list[str], int]] = {}
    for step in steps:
        if isinstance(step, PasteEntry):
            source = texts.get(step.source) or _Text(read(step.source) or "")
            pasted[(step.source, step.id)] = _copy_entry(source.text, step.source, step.list_key, step.id)
    for file in texts:
        mine = [s for s in steps if s.file == file]
        current = texts[file]
        if any(isinstance(s, DeleteFile) for s in mine):
            texts[file] = None
            continue
        created = [s for s in mine if isinstance(s, CreateFile)]
        if created:
            if current is not None:
                raise Refused(f"{file} already exists")
            current = _Text(new_file_head + _new_file(created[0]))
        if current is None:
            raise Refused(f"{file} does not exist")
        rt_steps: list[_RoundTripStep] = [s for s in mine if isinstance(s, _ROUND_TRIP)]
        if rt_steps:
            current.text = _round_trip(current.text, rt_steps, file)
        for one in _batched(mine):
            if isinstance(one, list):
                lines, column = _render_entries(one, yamlio.detect_style(current.text))
                current.text = _paste_entry(current.text, one[0].file, one[0].list_key, lines, column)
                continue
            step = one
            if isinstance(step, DeleteKey):
                current.text = _delete_key(current.text, step)
            elif isinstance(step, CutEntry):
                current.text = _cut_entry(current.text, step)
            elif isinstance(step, PasteEntry):
                lines, column = pasted[(step.source, step.id)]
                current.text = _paste_entry(current.text, step.file, step.list_key, lines, column)
        texts[file] = current
    return {file: (None if t is None else t.out()) for file, t in texts.items()}


# -- round-trip steps -------------------------------------------------------------


def _round_trip(text: str, steps: Sequence[_RoundTripStep], file: str) -> str:
    """Apply round-trip steps: those on one list entry to that entry alone.

    Loading and dumping a whole 10 KB file through ruamel's pure-Python
    round trip takes about 100 ms; the entry an edit touches is a few lines.
    It is cut out with its list key above it, so it is a small document of
    the same shape and style, edited, dumped and put back in its place.
    """
    style = yamlio.detect_style(text)
    root_steps = [s for s in steps if not s.path]
    if root_steps:
        text = _round_trip_document(text, root_steps, file, style)
    by_entry: dict[tuple[str, ...], list[_RoundTripStep]] = {}
    for step in steps:
        if step.path:
            by_entry.setdefault(step.path, []).append(step)
    for path, entry_steps in by_entry.items():
        text = _round_trip_entry(text, path, entry_steps, file, style)
    return text


def _round_trip_entry(
    text: str, path: tuple[str, ...], steps: list[_RoundTripStep], file: str, style: yamlio.Style
) -> str:
    lines = text.split("\n")
    tree = _tree(text, file)
    seq, n = _entry_index(tree, path[0], path[1], file)
    block = blocks.entry_block(lines, seq, n)
    if block is None or tree.key_pos[path[0]][1] != 1:
        return _round_trip_document(text, steps, file, style)
    start = seq.item_pos[n][0] - 1
    snippet = "\n".join([f"{path[0]}:", *lines[start : block.last + 1]]) + "\n"
    edited = _round_trip_document(snippet, steps, file, style)
    return "\n".join(lines[:start] + edited.rstrip("\n").split("\n")[1:] + lines[block.last + 1 :])


def _round_trip_document(text: str, steps: Sequence[_RoundTripStep], file: str, style: yamlio.Style) -> str:
    yaml = yamlio.round_trip(style)
    document = yaml.load(text)
    if not isinstance(document, CommentedMap):
        raise Refused(f"{file} does not hold a mapping")
    base = yamlio.dump(yaml, document)
    for step in steps:
        if isinstance(step, SetKey):
            node = _find(document, step.path, file)
            parent_order = KEY_ORDER[step.path[0] if step.path else ""]
            if step.sub is not None:
                if not isinstance(node.get(step.sub), CommentedMap):
                    _insert(node, step.sub, CommentedMap(), parent_order)
                node = node[step.sub]
            old = node.get(step.key)
            value: object = step.value
            if "\n" in step.value:
                value = LiteralScalarString(step.value)  # notes that span lines: a `|` block, as a person writes it
            elif isinstance(old, ScalarString):
                value = type(old)(step.value)  # keep the quoting the person chose
            order = parent_order if step.sub is None else KEY_ORDER[step.sub]
            if step.key in node:
                node[step.key] = value
            else:
                _insert(node, step.key, value, order)
        elif isinstance(step, SetList):
            node = _find(document, step.path, file)
            old_seq = node.get(step.key)
            block = isinstance(old_seq, CommentedSeq) and not old_seq.fa.flow_style()
            seq = CommentedSeq([v if block else _flow_value(v) for v in step.values])
            if block:
                seq.fa.set_block_style()  # a list written one value a line stays so
            else:
                seq.fa.set_flow_style()
            if step.key in node:
                node[step.key] = seq
            else:
                _insert(node, step.key, seq, KEY_ORDER[step.path[0] if step.path else ""])
        elif isinstance(step, AddRef):
            node = _find(document, step.path, file)
            seq = node.get(step.field)
            if not isinstance(seq, CommentedSeq):
                seq = _flow_seq([])
                if step.field in node:
                    node[step.field] = seq
                else:
                    _insert(node, step.field, seq, KEY_ORDER[step.path[0] if step.path else ""])
            elif not seq:
                seq.fa.set_flow_style()  # an empty list is only ever written `[]`: `goals: []` becomes `[a]`
            seq.append(step.target if not seq.fa.flow_style() else _flow_value(step.target))
        elif isinstance(step, DropRef):
            node = _find(document, step.path, file)
            seq = node.get(step.field)
            if not isinstance(seq, CommentedSeq) or step.target not in seq:
                raise Refused(f"{step.target} is no longer in {step.field} of {step.path[1]}")
            while step.target in seq:
                del seq[seq.index(step.target)]
        elif isinstance(step, AddListEntry | SetListEntry | DropListEntry):
            node = _find(document, step.path, file)
            entry_step(node, step, KEY_ORDER.get(step.key, ()), KEY_ORDER[step.path[0]])
    return yamlio.merge_edit(text, base, yamlio.dump(yaml, document))


def _find(document: CommentedMap, path: tuple[str, ...], file: str) -> CommentedMap:
    if not path:
        return document
    list_key, node_id = path
    seq = document.get(list_key)
    if isinstance(seq, list):
        for entry in seq:
            if isinstance(entry, CommentedMap) and entry.get("id") == node_id:
                return entry
    raise Refused(f"{node_id} is no longer in {file}; it changed underneath this edit")


def _flow_value(value: str) -> str:
    """A value for a flow list (`[a, b]`), quoted when it could be misread there (`https://…` holds `:`)."""
    if any(ch in value for ch in ":,[]{}#&*!|>'\"%@`"):
        quoted: str = SingleQuotedScalarString(value)
        return quoted
    return value


def _flow_seq(values: list[str]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _batched(steps: list[Step]) -> list[Step | list[AppendEntry]]:
    """The steps, with each run of appends joined per list: an import's 5,000 items are pasted at once.

    Appends to different lists of one file do not depend on each other, so
    a run of them is regrouped by list, each list's nodes in their order.
    """
    out: list[Step | list[AppendEntry]] = []
    run: dict[str, list[AppendEntry]] = {}
    for step in [*steps, None]:
        if isinstance(step, AppendEntry):
            run.setdefault(step.list_key, []).append(step)
            continue
        out += run.values()
        run = {}
        if step is not None:
            out.append(step)
    return out


def _render_entries(steps: list[AppendEntry], style: yamlio.Style) -> tuple[list[str], int]:
    """New nodes as lines of block YAML in the file's style, and their dash column.

    ruamel writes the first, so every value is quoted exactly as YAML needs;
    the others are written the same way by hand when every value is plain
    text that needs no quoting (ruamel's pure-Python emitter takes a second
    per thousand nodes), and by ruamel otherwise.
    """
    first = _ruamel_entries(steps[:1], style)
    layout = _layout(first)
    if layout is None or _plain_entry(steps[0], *layout) != first:
        return _ruamel_entries(steps, style), style.offset
    lines = list(first)
    for step in steps[1:]:
        lines += _plain_entry(step, *layout) or _ruamel_entries([step], style)
    return lines, style.offset


def _ruamel_entries(steps: list[AppendEntry], style: yamlio.Style) -> list[str]:
    seq = CommentedSeq()
    for step in steps:
        entry = CommentedMap()
        for key, value in step.fields:
            entry[key] = _flow_seq(list(value)) if isinstance(value, tuple) else value
        seq.append(entry)
    seq.fa.set_block_style()
    text = yamlio.dump(yamlio.round_trip(style), CommentedMap([(steps[0].list_key, seq)]))
    return text.rstrip("\n").split("\n")[1:]


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,/()&+-]*[A-Za-z0-9.)]|[A-Za-z]")
"""Text YAML reads back as the same string when written bare: no `: `, ` #`, quotes, or leading sign."""
_NOT_TEXT = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def _layout(lines: list[str]) -> tuple[str, str] | None:
    """The prefix of a node's first line (`  - `) and of its other lines, from ruamel's rendering."""
    if len(lines) < 2:
        return None
    first = lines[0][: len(lines[0]) - len(lines[0].lstrip(" -"))]
    rest = lines[1][: len(lines[1]) - len(lines[1].lstrip(" "))]
    return first, rest


def _plain_entry(step: AppendEntry, first: str, rest: str) -> list[str] | None:
    """The node's lines written by hand, or None when a value needs YAML's quoting."""
    lines: list[str] = []
    for key, value in step.fields:
        values = value if isinstance(value, tuple) else (value,)
        if not all(_PLAIN.fullmatch(v) and v.lower() not in _NOT_TEXT for v in values):
            return None
        if isinstance(value, tuple) and any("," in v for v in value):
            return None
        text = f"[{', '.join(value)}]" if isinstance(value, tuple) else value
        lines.append(f"{rest if lines else first}{key}: {text}")
    return lines


def _new_file(step: CreateFile) -> str:
    document = CommentedMap()
    for key, value in step.fields:
        if isinstance(value, dict):
            document[key] = CommentedMap(value)
        elif isinstance(value, tuple):
            document[key] = _flow_seq(list(value))
        else:
            document[key] = value
    return yamlio.dump(yamlio.round_trip(yamlio.Style()), document)


# -- line steps -------------------------------------------------------------------


def _tree(text: str, file: str) -> PosMap:
    tree, problems = yamlio.parse(text.encode("utf-8"))
    if not isinstance(tree, PosMap) or any(p.rule == "parse-error" for p in problems):
        raise Refused(f"{file} does not parse; fix it by hand before editing it here")
    return tree


def _entry_index(tree: PosMap, list_key: str, node_id: str, file: str) -> tuple[PosSeq, int]:
    seq = tree.get(list_key)
    if isinstance(seq, PosSeq):
        for n, entry in enumerate(seq):
            if isinstance(entry, PosMap) and entry.get("id") == node_id:
                return seq, n
    raise Refused(f"{node_id} is no longer in {file}; it changed underneath this edit")


def _copy_entry(text: str, file: str, list_key: str, node_id: str) -> tuple[list[str], int]:
    lines = text.split("\n")
    seq, n = _entry_index(_tree(text, file), list_key, node_id, file)
    block = blocks.entry_block(lines, seq, n)
    if block is None:
        raise Refused(f"{node_id} is written in flow style in {file}; move it by hand")
    return lines[block.first : block.last + 1], block.column


def _cut_entry(text: str, step: CutEntry) -> str:
    lines = text.split("\n")
    tree = _tree(text, step.file)
    seq, n = _entry_index(tree, step.list_key, step.id, step.file)
    block = blocks.entry_block(lines, seq, n)
    if block is None:
        raise Refused(f"{step.id} is written in flow style in {step.file}; remove it by hand")
    remaining, _ = blocks.cut(lines, block)
    if len(seq) == 1:
        # The list is now empty: say so, rather than leave `roadmap:` (null).
        key_line = tree.key_pos[step.list_key][0] - 1
        remaining[key_line] = _with_value(remaining[key_line], "[]")
    return "\n".join(remaining)


def _with_value(line: str, value: str) -> str:
    """`roadmap:  # note` → `roadmap: []  # note`."""
    head, hash_, comment = line.partition(" #")
    key = head.rstrip()
    if key.endswith(":"):
        return f"{key} {value}" + (f" {hash_.strip()}{comment}" if hash_ else "")
    return line


def _delete_key(text: str, step: DeleteKey) -> str:
    lines = text.split("\n")
    tree = _tree(text, step.file)
    node: object = tree
    if step.path:
        seq, n = _entry_index(tree, step.path[0], step.path[1], step.file)
        node = seq[n]
    if step.sub is not None:
        node = node.get(step.sub) if isinstance(node, PosMap) else None
    if not isinstance(node, PosMap) or step.key not in node:
        raise Refused(f"{step.key} is no longer set in {step.file}; it changed underneath this edit")
    block = blocks.key_block(lines, node, step.key)
    if block is None:
        raise Refused(f"{step.key} is written in flow style in {step.file}; change it by hand")
    remaining, _ = blocks.cut(lines, block)
    return "\n".join(remaining)


def _paste_entry(text: str, file: str, list_key: str, block_lines: list[str], column: int) -> str:
    """Append a node's lines to a top-level list, after its last entry, at the list's indentation."""
    lines = text.split("\n")
    tree = _tree(text, file)
    style = yamlio.detect_style(text)
    seq = tree.get(list_key)
    if isinstance(seq, PosSeq) and seq:
        last = blocks.entry_block(lines, seq, len(seq) - 1)
        if last is None:
            raise Refused(f"{list_key} is written in flow style in {file}; change it by hand")
        at, target_column = last.last + 1, last.column
        if len(seq) > 1:
            before = blocks.entry_block(lines, seq, len(seq) - 2)
            if before is not None and before.last + 1 < len(lines) and not lines[before.last + 1].strip():
                # The entries are spaced out: so is each new one (its comments stay above it).
                dash = " " * column + "- "
                spaced, seen = [""], False
                for line in block_lines:
                    if line.startswith(dash):
                        spaced += [""] if seen else []
                        seen = True
                    spaced.append(line)
                block_lines = spaced
    elif list_key in tree:
        key_line, key_col = tree.key_pos[list_key]
        lines[key_line - 1] = _without_value(lines[key_line - 1])
        at, target_column = key_line, key_col - 1 + style.offset
    else:
        return _new_list(lines, tree, list_key, blocks.reindent(block_lines, style.offset - column))
    moved = blocks.reindent(block_lines, target_column - column)
    return "\n".join(lines[:at] + moved + lines[at:])


def _new_list(lines: list[str], tree: PosMap, list_key: str, entries: list[str]) -> str:
    """A new top-level list holding `entries`, where the SPEC order puts it (opportunities before the roadmap).

    It goes above the first key that comes after it, and above the comments
    written over that key (they describe it); a blank line keeps the file's
    sections apart when it had one there. With no such key, it ends the file.
    """
    later = [key for key in tree if key in ROOT_ORDER and ROOT_ORDER.index(key) > ROOT_ORDER.index(list_key)]
    if list_key not in ROOT_ORDER or not later:
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join([*lines, f"{list_key}:", *entries, ""])
    at = min(tree.key_pos[key][0] for key in later) - 1
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    gap = [""] if at > 0 and not lines[at - 1].strip() else []
    return "\n".join([*lines[:at], f"{list_key}:", *entries, *gap, *lines[at:]])


def _without_value(line: str) -> str:
    """`roadmap: []  # note` → `roadmap:  # note`."""
    head, hash_, comment = line.partition(" #")
    key, colon, _ = head.partition(":")
    return f"{key}{colon}" + (f"  {hash_.strip()}{comment}" if hash_ else "")
