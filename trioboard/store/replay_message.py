"""The message of a commit sync replayed after settling a conflict: what it changes now, and what was settled.

A replayed commit keeps its author and message, unless a conflict of its
step was settled: then part of what it said may not have landed ("set
horizon to later, retitle" when only the title did). Its subject is made
again from the node as it landed, by the same words an edit uses, and its
body says the subject it had and every conflict settled, which side was
kept and what the other had. trioboard's trailer stays the last paragraph.
"""

from __future__ import annotations

from collections.abc import Mapping

from trioboard.core.edits.messages import set_message
from trioboard.core.results import Conflict
from trioboard.core.tree import PosMap, PosSeq
from trioboard.core.vocabulary import NODE_LISTS, MergeSide
from trioboard.store import yamlio
from trioboard.store.merge.conflicts import Prefer, side_for
from trioboard.store.merge.spans import _plain


def rewritten(
    message: str,
    conflicts: list[Conflict],
    step_prefer: Prefer,
    before: Mapping[str, bytes | None],
    after: Mapping[str, bytes | None],
) -> str:
    """`message` as it should read after the step's `conflicts` were settled by `step_prefer`.

    In a replay the step's ours is the new history (what came in) and its
    theirs is the replayed commit (mine). `before` and `after` are the
    board files before and after the step (only those that changed need be
    in `after`).
    """
    settled = [(c, side) for c in conflicts if (side := side_for(step_prefer, c)) is not None]
    if not settled:
        return message
    subject, _, rest = message.partition("\n")
    lines = [f"Replayed by sync from: {subject}", "Settled:"]
    for conflict, side in settled:
        where = f"{conflict.node}.{conflict.field}" if conflict.field else conflict.node
        if side == MergeSide.OURS:  # what came in was kept
            lines.append(f"- {where}: kept theirs {conflict.ours} (mine was {conflict.theirs})")
        else:
            lines.append(f"- {where}: kept mine {conflict.theirs} (theirs was {conflict.ours})")
    nodes = {c.node for c, _ in settled}
    landed = _landed_subject(nodes.pop(), before, after) if len(nodes) == 1 else None
    body = "\n".join(lines)
    rest = rest.lstrip("\n")
    return f"{landed or subject}\n\n{body}" + (f"\n\n{rest}" if rest else "")


def _landed_subject(ident: str, before: Mapping[str, bytes | None], after: Mapping[str, bytes | None]) -> str | None:
    """The subject an edit would have that made the node's change as it landed; None when unsure."""
    for path in sorted(set(before) | set(after)):
        old_data, new_data = before.get(path), after.get(path, before.get(path))
        old, new = _node(old_data, ident), _node(new_data, ident)
        if old is None or new is None:
            continue
        kind, old_fields = old
        changed = [
            (key, new[1].get(key))
            for key in dict.fromkeys([*new[1], *old_fields])
            if new[1].get(key) != old_fields.get(key)
        ]
        if not changed:
            return None
        return set_message(f"{kind} {ident}", changed)[0]
    return None


def _node(data: bytes | None, ident: str) -> tuple[str, dict[str, str | None]] | None:
    """The node `ident` in a file: its kind and its fields as text (nested keys as `trio.product`)."""
    if data is None:
        return None
    tree, problems = yamlio.parse(data.removeprefix(b"\xef\xbb\xbf"))
    if not isinstance(tree, PosMap) or problems:
        return None
    for key, kind in NODE_LISTS.items():
        entries = tree.get(key)
        if not isinstance(entries, PosSeq):
            continue
        for entry in entries:
            if isinstance(entry, PosMap) and entry.get("id") == ident:
                plain = _plain(entry)
                assert isinstance(plain, dict)
                return kind.value, _fields(plain)
    return None


def _fields(plain: dict[str, object], prefix: str = "") -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key, value in plain.items():
        if key == "id":
            continue
        if isinstance(value, dict):
            out.update(_fields(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            out[prefix + key] = ", ".join(str(v) for v in value) or None
        else:
            out[prefix + key] = None if value is None else str(value)
    return out
