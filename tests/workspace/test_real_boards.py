"""The three boards made from real planning data in ../shared/real-boards."""

from __future__ import annotations

from collections import Counter

import pytest

from trioboard import workspace

from helpers import real_board

STRUCTURAL = {"parse-error", "schema", "duplicate-id"}


@pytest.mark.parametrize(
    ("name", "teams", "goals", "unknown_refs"),
    [("rust-goals-2025h1", 19, 3, 1), ("rust-goals-2025h2", 18, 4, 0), ("k8s-keps", 7, 0, 2)],
)
def test_real_boards_load_whole(name: str, teams: int, goals: int, unknown_refs: int) -> None:
    state = workspace.load(real_board(name))
    rules = Counter(f.rule for f in state.findings)
    assert not STRUCTURAL & set(rules), [f.message for f in state.findings if f.rule in STRUCTURAL]
    assert len(state.board.teams) == teams
    assert len(state.board.goals) == goals
    assert rules["unknown-ref"] == unknown_refs
    assert len(state.analysis.aligned) + len(state.analysis.unlinked) == state.analysis.board_coverage.active


def test_the_dangling_rust_goal_link_is_named() -> None:
    state = workspace.load(real_board("rust-goals-2025h1"))
    (finding,) = [f for f in state.findings if f.rule == "unknown-ref"]
    assert finding.ids[0] == "arm-sve-sme"
    assert finding.message.endswith("which does not exist")
    assert finding.file == "teams/compiler.yaml"


def test_keps_have_no_strategy_so_every_sig_lacks_clarity() -> None:
    state = workspace.load(real_board("k8s-keps"))
    assert state.analysis.board_coverage.ratio == 0.0
    assert sorted(state.analysis.team_blocks) == [
        "sig-apps",
        "sig-architecture",
        "sig-autoscaling",
        "sig-etcd",
        "sig-instrumentation",
        "sig-scheduling",
        "sig-testing",
    ]
    assert all(r.kind == "no-clarity" for rs in state.analysis.team_blocks.values() for r in rs)
    assert len(state.analysis.cycles) == 0
