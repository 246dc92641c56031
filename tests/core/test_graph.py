"""core.graph: our strongly connected components and shortest paths agree with networkx's."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from trioboard.core.graph import Digraph, shortest_path, strongly_connected_components


def _random(seed: int) -> tuple[Digraph, nx.DiGraph]:
    rng = random.Random(seed)
    ours, theirs = Digraph(), nx.DiGraph()
    nodes = [f"n{i}" for i in range(rng.randint(1, 40))]
    for _ in range(rng.randint(0, 80)):
        a, b = rng.choice(nodes), rng.choice(nodes)
        ours.add_edge(a, b)
        theirs.add_edge(a, b)
    return ours, theirs


@pytest.mark.parametrize("seed", range(200))
def test_components_and_path_lengths_match_networkx(seed: int) -> None:
    ours, theirs = _random(seed)
    mine = sorted(sorted(c) for c in strongly_connected_components(ours))
    assert mine == sorted(sorted(c) for c in nx.strongly_connected_components(theirs))
    for component in map(set, mine):
        first, *rest = sorted(component)
        for other in rest:
            path = shortest_path(ours, first, other, component)
            assert path[0] == first and path[-1] == other
            assert all(ours.has_edge(a, b) for a, b in itertools.pairwise(path))
            assert len(path) == len(nx.shortest_path(theirs.subgraph(component), first, other))


def test_a_chain_of_twenty_thousand_is_no_recursion() -> None:
    graph = Digraph()
    for i in range(20_000):
        graph.add_edge(f"n{i}", f"n{i + 1}")
    graph.add_edge("n20000", "n0")
    (component,) = list(strongly_connected_components(graph))
    assert len(component) == 20_001


def test_the_reverse_turns_every_edge_round_and_no_path_is_an_error() -> None:
    graph = Digraph()
    graph.add_edge("a", "b")
    graph.add_edge("a", "c")
    assert list(graph.successors("a")) == ["b", "c"]
    assert list(graph.reverse().successors("b")) == ["a"]
    assert list(graph.predecessors("c")) == ["a"]
    assert "c" in graph and "d" not in graph
    with pytest.raises(ValueError, match="no path from b to a"):
        shortest_path(graph, "b", "a", {"a", "b"})
