"""Each rule of SPEC section 4 on a small board: the findings, their lines and ids."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from trioboard.core.results import BoardState
from trioboard.core.rules import RULES

Load = Callable[..., BoardState]

BOARD = """\
name: Acme
goals:
  - id: g1
    title: Grow retention
"""

TRIO = """\
trio:
  product: Ana
  design: Ben
  engineering: Chen
"""


def team(body: str, team_id: str = "alpha") -> str:
    """A team file with a full trio, then `body`."""
    return f"id: {team_id}\nname: Team {team_id}\n{TRIO}{body}"


# (case id, board.yaml, teams, rule, expected [(file, line, column, ids)])
CASES = [
    (
        "parse-error-bad-indent",
        BOARD,
        {"alpha": "id: alpha\nname: A\n  bad: indent\n"},
        "parse-error",
        [("teams/alpha.yaml", 3, 6, ())],
    ),
    (
        "schema-unknown-key",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n  - id: i1\n    title: I\n    outcomes: [o1]\n    depend_on: [i1]\n"
            )
        },
        "schema",
        [("teams/alpha.yaml", 15, 5, ())],
    ),
    (
        "schema-missing-title",
        BOARD + "  - id: g2\n",
        {},
        "schema",
        [("board.yaml", 5, 5, ())],
    ),
    (
        "schema-team-id-differs-from-file",
        BOARD,
        {"alpha": team("", team_id="beta")},
        "schema",
        [("teams/alpha.yaml", 1, 5, ("beta",))],
    ),
    (
        "schema-bad-horizon",
        BOARD,
        {"alpha": team("roadmap:\n  - id: i1\n    title: I\n    horizon: soon\n")},
        "schema",
        [("teams/alpha.yaml", 10, 14, ())],
    ),
    (
        "duplicate-id",
        BOARD,
        {"alpha": team("outcomes:\n  - id: g1\n    title: Same id as the goal\n    goals: [g1]\n")},
        "duplicate-id",
        [("teams/alpha.yaml", 8, 5, ("g1",))],
    ),
    (
        "unknown-ref-missing-and-wrong-kind",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1, ghost]\n"
                "roadmap:\n  - id: i1\n    title: I\n    outcomes: [g1]\n"
            )
        },
        "unknown-ref",
        [("teams/alpha.yaml", 10, 17, ("o1", "ghost")), ("teams/alpha.yaml", 14, 16, ("i1", "g1"))],
    ),
    (
        "dependency-cycle",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n"
                "  - id: a\n    title: A\n    outcomes: [o1]\n    depends_on: [b]\n"
                "  - id: b\n    title: B\n    outcomes: [o1]\n    depends_on: [a]\n"
                "  - id: self\n    title: S\n    outcomes: [o1]\n    depends_on: [self]\n"
            )
        },
        "dependency-cycle",
        [("teams/alpha.yaml", 12, 5, ("a", "b")), ("teams/alpha.yaml", 20, 5, ("self",))],
    ),
    (
        "broken-dependency",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n"
                "  - id: a\n    title: A\n    outcomes: [o1]\n    depends_on: [old]\n"
                "  - id: old\n    title: Old\n    status: dropped\n"
            )
        },
        "broken-dependency",
        [("teams/alpha.yaml", 15, 18, ("a", "old"))],
    ),
    (
        "unlinked-item",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n"
                "  - id: linked\n    title: L\n    outcomes: [o1]\n"
                "  - id: loose\n    title: No outcome\n"
                "  - id: finished\n    title: Done work needs no link\n    status: done\n"
            )
        },
        "unlinked-item",
        [("teams/alpha.yaml", 15, 5, ("loose",))],
    ),
    (
        "unlinked-outcome",
        BOARD,
        {"alpha": team("outcomes:\n  - id: o1\n    title: O\n  - id: o2\n    title: O2\n    goals: [g1]\n")},
        "unlinked-outcome",
        [("teams/alpha.yaml", 8, 5, ("o1",))],
    ),
    (
        "unsupported-goal",
        BOARD + "  - id: g2\n    title: Nobody's\n",
        {"alpha": team("outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n")},
        "unsupported-goal",
        [("board.yaml", 5, 5, ("g2",))],
    ),
    (
        "blocked-team-own-reason",
        BOARD,
        {
            "alpha": team(
                "blocked: Waiting on legal\n"
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n  - id: i1\n    title: I\n    outcomes: [o1]\n"
            )
        },
        "blocked-team",
        [("teams/alpha.yaml", 1, 1, ("alpha",))],
    ),
    (
        "blocked-item",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n  - id: i1\n    title: I\n    outcomes: [o1]\n"
                "    horizon: next\n    blocked: PCI\n"
            )
        },
        "blocked-item",
        [("teams/alpha.yaml", 12, 5, ("i1",))],
    ),
    (
        "schedule-conflict",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n"
                "  - id: a\n    title: A\n    outcomes: [o1]\n    horizon: now\n    depends_on: [b, c]\n"
                "  - id: b\n    title: B\n    outcomes: [o1]\n    horizon: next\n"
                "  - id: c\n    title: C is later but done\n    outcomes: [o1]\n    status: done\n"
            )
        },
        "schedule-conflict",
        [("teams/alpha.yaml", 16, 18, ("a", "b"))],
    ),
    (
        "incomplete-trio",
        BOARD,
        {"alpha": "id: alpha\nname: A\ntrio:\n  product: Ana\n  design: ''\n"},
        "incomplete-trio",
        [("teams/alpha.yaml", 1, 1, ("alpha",))],
    ),
    (
        "wip-limit",
        BOARD + "policy:\n  wip_limit: 1\n",
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n"
                "  - id: a\n    title: A\n    outcomes: [o1]\n    horizon: now\n"
                "  - id: b\n    title: B\n    outcomes: [o1]\n    horizon: now\n"
                "  - id: c\n    title: C\n    outcomes: [o1]\n    horizon: now\n    status: done\n"
            )
        },
        "wip-limit",
        [("teams/alpha.yaml", 1, 1, ("alpha",))],
    ),
    (
        "unmeasured-outcome",
        BOARD + "policy:\n  severity:\n    unmeasured-outcome: warning\n",
        {"alpha": team("outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n")},
        "unmeasured-outcome",
        [("teams/alpha.yaml", 8, 5, ("o1",))],
    ),
    (
        "stale-measure",
        BOARD + "    measure: {metric: m, baseline: 1, target: 2, current: 1.5, as_of: 2001-01-01}\n",
        {},
        "stale-measure",
        [("board.yaml", 5, 71, ("g1",))],
    ),
    (
        "no-expected-impact",
        BOARD + "policy:\n  severity:\n    no-expected-impact: warning\n",
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "    measure: {metric: m, baseline: 1, target: 2}\n"
                "roadmap:\n  - id: a\n    title: A\n    outcomes: [o1]\n    horizon: now\n"
            )
        },
        "no-expected-impact",
        [("teams/alpha.yaml", 13, 5, ("a",))],
    ),
    (
        "impact-mismatch",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n  - id: a\n    title: A\n    outcomes: [o1]\n    impact: {outcome: o1, expect: 2}\n"
            )
        },
        "impact-mismatch",
        [("teams/alpha.yaml", 15, 23, ("a", "o1"))],
    ),
    (
        "no-touchpoint",
        BOARD + "policy:\n  discovery: {}\n",
        {"alpha": team("")},
        "no-touchpoint",
        [("teams/alpha.yaml", 1, 1, ("alpha",))],
    ),
    (
        "unevidenced-opportunity",
        BOARD + "policy:\n  discovery: {}\n",
        {
            "alpha": team(
                "opportunities:\n  - id: op\n    title: O\n  - id: done\n    title: D\n    status: addressed\n"
            )
        },
        "unevidenced-opportunity",
        [("teams/alpha.yaml", 8, 5, ("op",))],
    ),
    (
        "unknown-ref-opportunities",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n"
                "opportunities:\n  - id: op\n    title: Op\n    outcomes: [o1, ghost]\n    parent: o1\n"
                "roadmap:\n  - id: i1\n    title: I\n    opportunities: [op, o1]\n"
            )
        },
        "unknown-ref",
        [
            ("teams/alpha.yaml", 13, 20, ("op", "ghost")),
            ("teams/alpha.yaml", 14, 13, ("op", "o1")),
            ("teams/alpha.yaml", 18, 25, ("i1", "o1")),
        ],
    ),
    (
        "schema-parent-loop",
        BOARD,
        {
            "alpha": team(
                "opportunities:\n"
                "  - id: p1\n    title: P1\n    parent: p2\n"
                "  - id: p2\n    title: P2\n    parent: p1\n"
                "  - id: solo\n    title: S\n    parent: solo\n"
            )
        },
        "schema",
        [("teams/alpha.yaml", 10, 13, ("p1", "p2")), ("teams/alpha.yaml", 16, 13, ("solo",))],
    ),
    (
        "untested-assumption",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n"
                "  - id: a\n    title: A\n    outcomes: [o1]\n    horizon: now\n    assumptions:\n"
                "      - text: High untested\n        risk: high\n"
                "      - text: High tested\n        risk: high\n        result: supported\n"
                "      - text: Medium\n        risk: medium\n"
                "  - id: b\n    title: B is next\n    outcomes: [o1]\n    horizon: next\n    assumptions:\n"
                "      - text: High untested\n        risk: high\n"
                "  - id: c\n    title: C is done\n    outcomes: [o1]\n    horizon: now\n    status: done\n"
                "    assumptions:\n      - text: High untested\n        risk: high\n"
            )
        },
        "untested-assumption",
        [("teams/alpha.yaml", 17, 9, ("a",))],
    ),
    (
        "refuted-assumption",
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n    goals: [g1]\n"
                "roadmap:\n"
                "  - id: a\n    title: A\n    outcomes: [o1]\n    assumptions:\n"
                "      - text: Refuted\n        result: refuted\n"
                "      - text: Inconclusive\n        result: inconclusive\n"
                "  - id: d\n    title: D\n    status: dropped\n    assumptions:\n"
                "      - text: Refuted\n        result: refuted\n"
            )
        },
        "refuted-assumption",
        [("teams/alpha.yaml", 16, 9, ("a",))],
    ),
]
DATED = frozenset({"impact-unreviewed"})
"""Rules that need a date from git (when an item became done): tests/workspace/test_impact_dates.py has their case."""
ABOUT_EVIDENCE_FILES = frozenset({"trio-not-in-discovery", "personal-data", "orphan-evidence"})
"""Rules about what evidence files say: tests/core/test_evidence_rules.py writes those files for their cases."""


@pytest.mark.parametrize(("board", "teams", "rule", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_finds_exactly_this(
    load_board: Load, board: str, teams: dict[str, str], rule: str, expected: list[tuple[object, ...]]
) -> None:
    state = load_board(board, teams)
    found = [(f.file, f.line, f.column, f.ids) for f in state.findings if f.rule == rule]
    assert found == expected
    assert all(f.severity is RULES[rule].default for f in state.findings if f.rule == rule)


def test_every_rule_has_a_case_and_docs() -> None:
    covered = {case[3] for case in CASES}
    assert covered | DATED | ABOUT_EVIDENCE_FILES == set(RULES)
    for rule in RULES.values():
        assert rule.doc.startswith(f"{rule.name}: "), rule.name


def test_messages_read_like_sentences(load_board: Load) -> None:
    state = load_board(
        BOARD,
        {
            "alpha": team(
                "outcomes:\n  - id: o1\n    title: O\n"
                "roadmap:\n  - id: a\n    title: A\n    outcomes: [o1]\n    depends_on: [ghost]\n"
            )
        },
    )
    messages = {f.rule: f.message for f in state.findings}
    assert messages["unlinked-item"] == "a has no strategy link: its outcome o1 serves no goal"
    assert messages["unknown-ref"] == "'depends_on' of item a names ghost, which does not exist"
    assert messages["blocked-item"] == "a is blocked: a ← ghost ← no such item"
    assert messages["unlinked-outcome"] == "outcome o1 serves no goal: it names no goal"


POLICY = """\
name: Acme
goals: []
policy:
  severity:
    unlinked-item: error
    incomplete-trio: "off"
    schema: warning
    no-such-rule: error
    blocked-item: loud
"""


def test_policy_sets_severities_but_not_below_error_for_structure(load_board: Load) -> None:
    state = load_board(POLICY, {"alpha": "id: alpha\nname: A\nroadmap:\n  - id: a\n    title: A\n"})
    by_rule = {f.rule: f for f in state.findings}
    assert by_rule["unlinked-item"].severity.value == "error"
    assert "incomplete-trio" not in by_rule
    schema = [f for f in state.findings if f.rule == "schema"]
    assert all(f.severity.value == "error" for f in schema)
    assert [f.line for f in schema] == [7, 8, 9]
    assert "schema cannot be set below error" in schema[0].message
    assert "names no rule 'no-such-rule'" in schema[1].message
    assert "severity of blocked-item is 'loud'" in schema[2].message
