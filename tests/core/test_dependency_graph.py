"""The dependency graph: edges both ways, whether it has a cycle, and networkx only to take one apart."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from trioboard.core.dependency_graph import DependencyGraph

from helpers import DEMO, fresh_python, write_board


def _graph(edges: list[tuple[str, str]]) -> DependencyGraph:
    graph = DependencyGraph()
    for source, target in edges:
        graph.add_edge(source, target)
    return graph


@pytest.mark.parametrize(
    ("edges", "cycle"),
    [
        ([], False),
        ([("a", "b"), ("b", "c"), ("a", "c")], False),
        ([("a", "a")], True),
        ([("a", "b"), ("b", "c"), ("c", "a")], True),
        ([("x", "y"), ("a", "b"), ("b", "a")], True),
    ],
)
def test_a_cycle_is_found_and_only_a_cycle(edges: list[tuple[str, str]], cycle: bool) -> None:
    assert _graph(edges).has_cycle() is cycle


def test_both_directions_keep_the_order_edges_were_added() -> None:
    graph = _graph([("a", "c"), ("b", "c"), ("a", "b")])
    assert list(graph.successors("a")) == ["c", "b"]
    assert list(graph.predecessors("c")) == ["a", "b"]
    assert graph.has_edge("a", "b") and not graph.has_edge("b", "a")
    assert "c" in graph and "d" not in graph


def test_networkx_gets_the_graph_a_direct_build_has() -> None:
    # A source first seen as a target: its own edges come later than its node.
    edges = [("a", "b"), ("c", "y"), ("b", "x"), ("b", "a")]
    direct: nx.DiGraph = nx.DiGraph()
    for source, target in edges:
        direct.add_edge(source, target)
    built = _graph(edges).networkx()
    assert list(built.nodes) == list(direct.nodes)
    assert list(built.edges) == list(direct.edges)
    assert [list(built.predecessors(n)) for n in built] == [list(direct.predecessors(n)) for n in direct]


_TEAM = """\
id: alpha
name: Alpha
trio: {product: A, design: B, engineering: C}
roadmap:
  - id: a
    title: A
    depends_on: [b]
  - id: b
    title: B
    blocked: Waiting on legal
"""


def _imports_networkx(root: Path) -> tuple[bool, bool]:
    """(whether the board has a cycle, whether analysing it imported networkx), in a fresh process."""
    probe = (
        "import sys; from pathlib import Path; from trioboard import workspace;"
        f"state = workspace.load(Path({str(root)!r}));"
        "assert state.analysis.blocked;"
        "print(bool(state.analysis.cycles), 'networkx' in sys.modules)"
    )
    cycles, imported = fresh_python(probe).split()
    return cycles == "True", imported == "True"


def test_networkx_is_imported_only_to_take_a_cycle_apart(tmp_path: Path) -> None:
    board = write_board(tmp_path / "board", "name: Acme\n", {"alpha": _TEAM})
    assert _imports_networkx(board) == (False, False)
    assert _imports_networkx(DEMO) == (True, True)
