"""What the strategy tree and the Discovery tree share: lines filled as they open, and the way to a line.

A line's data names what it stands for by `kind` and `id`; a line is found
again after a refill by the path of those from the top.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from textual.widgets import Tree
from textual.widgets.tree import TreeNode


class Line(Protocol):
    """What a line of a lazy tree stands for."""

    @property
    def kind(self) -> str: ...

    @property
    def id(self) -> str: ...


EntryT = TypeVar("EntryT", bound=Line)


class LazyTree(Tree[EntryT]):
    """A tree that fills a line's children when it first opens, so a large board paints at once."""

    def _fill(self, node: TreeNode[EntryT]) -> None:
        """Add a line's children, once (each tree knows its own)."""
        raise NotImplementedError

    def focus_view(self) -> None:
        """Take the focus."""
        self.focus()

    def _walk(self, node: TreeNode[EntryT]) -> list[TreeNode[EntryT]]:
        out = []
        for child in node.children:
            out.append(child)
            out.extend(self._walk(child))
        return out

    def _path(self, node: TreeNode[EntryT] | None) -> tuple[str, ...]:
        path: list[str] = []
        while node is not None and node.data is not None:
            path.append(f"{node.data.kind}:{node.data.id}")
            node = node.parent
        return tuple(reversed(path))

    def action_expand_all(self) -> None:
        """Open every line (filling them as they open)."""

        def open_(node: TreeNode[EntryT]) -> None:
            self._fill(node)
            if node.allow_expand:
                node.expand()
            for child in node.children:
                open_(child)

        for child in self.root.children:
            open_(child)

    def action_collapse_all(self) -> None:
        """Close everything, back to the top lines."""
        for child in self.root.children:
            child.collapse_all()
        if self.root.children:
            self.move_cursor(self.root.children[0])

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[EntryT]) -> None:
        self._fill(event.node)

    def open_path(self, path: list[tuple[str, str]]) -> bool:
        """Open the lines down a path of (kind, id) and put the cursor on its last; False when one is not there."""
        if not path:
            return False
        current = self.root
        for kind, wanted in path:
            self._fill(current)
            found = next((c for c in current.children if c.data and c.data.kind == kind and c.data.id == wanted), None)
            if found is None:
                return False
            if current is not self.root:
                current.expand()
            current = found
        # Reading the lines lays them out again after the expansions, so the
        # cursor moves now; scrolling waits for the new size.
        _ = self._tree_lines
        self.move_cursor(current)
        self.call_after_refresh(self._scroll_to_cursor)
        return True

    def _scroll_to_cursor(self) -> None:
        if self.cursor_node is not None:
            self.scroll_to_node(self.cursor_node, animate=False)
