"""Round-trip edits of a list of mappings inside a node (an item's assumptions), and key insertion in SPEC order.

Used by `store.editor` on the round-trip document of the one entry an edit
touches. An entry is found by its text, never by its place, so an entry
that changed underneath the edit is refused rather than another one changed.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from trioboard.core.edits import AddListEntry, DropListEntry, Refused, SetListEntry


def insert(node: CommentedMap, key: str, value: object, order: tuple[str, ...]) -> None:
    """Insert `key` after the last existing key that comes before it in `order`."""
    rank = order.index(key) if key in order else len(order)
    position = 0
    for n, existing in enumerate(node):
        if existing in order and order.index(existing) < rank:
            position = n + 1
    if position >= len(node):
        node[key] = value
    else:
        node.insert(position, key, value)


def entry_step(
    node: CommentedMap,
    step: AddListEntry | SetListEntry | DropListEntry,
    order: tuple[str, ...],
    node_order: tuple[str, ...],
) -> None:
    """Append a mapping to `node`'s list of mappings, remove one, or set or remove a key of one.

    `order` is the SPEC order of an entry's keys, `node_order` that of the node's own keys (where a new list goes).
    """
    seq = node.get(step.key)
    if isinstance(step, AddListEntry):
        entry = CommentedMap(step.fields)
        if isinstance(seq, CommentedSeq) and seq and not seq.fa.flow_style():
            seq.append(entry)
            return
        if seq:
            raise Refused(f"{step.key} of {step.path[1]} is not a list written one entry a line; change it by hand")
        seq = CommentedSeq([entry])
        seq.fa.set_block_style()
        if step.key in node:
            node[step.key] = seq
        else:
            insert(node, step.key, seq, node_order)
        return
    found = [e for e in seq if isinstance(e, CommentedMap) and e.get("text") == step.match] if seq else []
    if len(found) > 1:
        raise Refused(f"{len(found)} {step.key} of {step.path[1]} have the same text; tell them apart by hand first")
    if not isinstance(seq, CommentedSeq) or not found:
        raise Refused(f"{step.key} of {step.path[1]} changed underneath this edit; look again and retry")
    entry = found[0]
    if isinstance(step, DropListEntry):
        del seq[seq.index(entry)]
        if not seq:
            del node[step.key]  # no assumptions left: no `assumptions: []` either
        return
    if step.value is None:
        entry.pop(step.name, None)
        return
    old = entry.get(step.name)
    value: object = type(old)(step.value) if isinstance(old, ScalarString) else step.value
    if step.name in entry:
        entry[step.name] = value
    else:
        insert(entry, step.name, value, order)
