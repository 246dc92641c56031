"""The dependency graph of active items: a small directed graph of ids, and what analysis asks of it.

Our own rather than networkx's: importing networkx takes longer than a whole
`check` of a small board (pre-commit runs it on every commit), and analysis
needs only this: edges in the order they were written, strongly connected
components, one shortest path, and the reverse.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator


class Digraph:
    """A directed graph of ids; each node's edges keep the order they were added."""

    __slots__ = ("_in", "_out")

    def __init__(self) -> None:
        self._out: dict[str, dict[str, None]] = {}
        self._in: dict[str, dict[str, None]] = {}

    def add_edge(self, source: str, target: str) -> None:
        """An edge source → target (adding either node if new); adding it again changes nothing."""
        self._out.setdefault(source, {})[target] = None
        self._out.setdefault(target, {})
        self._in.setdefault(target, {})[source] = None
        self._in.setdefault(source, {})

    def __contains__(self, node: object) -> bool:
        return node in self._out

    def __iter__(self) -> Iterator[str]:
        return iter(self._out)

    def has_edge(self, source: str, target: str) -> bool:
        """Whether source → target is an edge."""
        return target in self._out.get(source, ())

    def successors(self, node: str) -> Iterator[str]:
        """The nodes `node` has an edge to, in the order added."""
        return iter(self._out[node])

    def predecessors(self, node: str) -> Iterator[str]:
        """The nodes with an edge to `node`, in the order added."""
        return iter(self._in[node])

    def reverse(self) -> Digraph:
        """The same graph with every edge turned round (a view: it shares the edges)."""
        view = Digraph()
        view._out, view._in = self._in, self._out
        return view


def strongly_connected_components(graph: Digraph) -> Iterator[set[str]]:
    """Every strongly connected component (Tarjan's algorithm, iterative: chains may be 10,000 long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, graph.successors(root))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, graph.successors(target)))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    yield component


def shortest_path(graph: Digraph, source: str, target: str, within: set[str]) -> list[str]:
    """A shortest path source → … → target through nodes of `within`, taking edges in their order.

    Raises ValueError when there is none.
    """
    previous: dict[str, str | None] = {source: None}
    queue = deque([source])
    while queue:
        current = queue.popleft()
        if current == target:
            path = [current]
            step = previous[current]
            while step is not None:
                path.append(step)
                step = previous[step]
            return path[::-1]
        for successor in graph.successors(current):
            if successor in within and successor not in previous:
                previous[successor] = current
                queue.append(successor)
    raise ValueError(f"no path from {source} to {target}")
