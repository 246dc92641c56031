"""The semantic three-way merge of board files (SPEC 8): git's merge driver, and a whole board's merge.

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

The parts, as mergiraf lays them out: `file` drives one file (and decides
when to fall back), `nodes` merges a file's tree node by node on lines,
`spans` says where a node or field is, `line` is git's line merge, `board`
merges a whole board file by file, and `conflicts` is what is reported.
"""

from trioboard.store.merge.board import BoardMerge, Files, merge_board
from trioboard.store.merge.conflicts import (
    MARKER,
    Prefer,
    flipped,
    side_for,
    unsettled,
)
from trioboard.store.merge.file import is_board_path, merge_text
from trioboard.store.merge.line import line_merge
from trioboard.store.merge.nodes import LINK_LISTS, NODE_LISTS
from trioboard.store.merge.spans import show

__all__ = [
    "LINK_LISTS",
    "MARKER",
    "NODE_LISTS",
    "BoardMerge",
    "Files",
    "Prefer",
    "flipped",
    "is_board_path",
    "line_merge",
    "merge_board",
    "merge_text",
    "show",
    "side_for",
    "unsettled",
]
