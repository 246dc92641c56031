"""The `depends_on` graph of a board's active items, and the dependency cycles in it.

Analysis needs the edges both ways (who an item depends on, who depends on
it) on every read; it needs the strongly connected groups only when there
is a cycle, which a healthy board has none of. So the edges are kept in two
plain dicts, the standard library's `graphlib` says whether there is a cycle
at all, and networkx (whose import alone cost a quarter of `check` on the L
board) is imported only to take a cycle apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


class DependencyGraph:
    """Item id → the item ids it depends on (and back), in the order the edges were added."""

    __slots__ = ("_edges", "_pred", "_succ")

    def __init__(self) -> None:
        self._succ: dict[str, dict[str, None]] = {}
        self._pred: dict[str, dict[str, None]] = {}
        self._edges: list[tuple[str, str]] = []

    def add_edge(self, source: str, target: str) -> None:
        """`source` depends on `target`."""
        self._edges.append((source, target))
        self._succ.setdefault(source, {})[target] = None
        self._pred.setdefault(source, {})
        self._succ.setdefault(target, {})
        self._pred.setdefault(target, {})[source] = None

    def __contains__(self, node: object) -> bool:
        return node in self._succ

    def has_edge(self, source: str, target: str) -> bool:
        """Whether `source` depends on `target`."""
        return target in self._succ.get(source, ())

    def successors(self, node: str) -> Iterator[str]:
        """The items `node` depends on."""
        return iter(self._succ[node])

    def predecessors(self, node: str) -> Iterator[str]:
        """The items that depend on `node`."""
        return iter(self._pred[node])

    def has_cycle(self) -> bool:
        """Whether any item depends on itself, directly or through others."""
        try:
            TopologicalSorter(self._succ).prepare()
        except CycleError:
            return True
        return False

    def networkx(self) -> nx.DiGraph:
        """The same graph in networkx, to take cycles apart.

        Its edges are added in the order they were added here, so its nodes
        and edges are in the order a graph built directly would have them
        (the order networkx finds components and paths in).
        """
        import networkx as nx

        graph: nx.DiGraph = nx.DiGraph()
        graph.add_edges_from(self._edges)
        return graph
