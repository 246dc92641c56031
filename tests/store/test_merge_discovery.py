"""The semantic merge of opportunities (nodes, like items) and of an item's assumptions (matched by their text)."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

from trioboard.store.merge import merge_text

TEAM = textwrap.dedent(
    """\
    id: checkout
    name: Checkout

    outcomes:
      - id: conversion
        title: Raise conversion
        goals: [grow-revenue]

    opportunities:
      - id: mobile-friction
        title: Buying on a phone is hard
        outcomes: [conversion]
      - id: card-reentry
        title: Returning buyers re-type card details
        parent: mobile-friction

    roadmap:
      - id: one-click-pay
        title: One-click pay
        opportunities: [card-reentry]
        horizon: now
        assumptions:
          # the one that could sink it
          - text: Buyers trust us to store their card
            kind: desirability
            risk: high
            result: untested
          - text: Tokenisation is fast enough
            kind: feasibility
            risk: medium
    """
)


def merge(base: str, ours: str, theirs: str, **kw: str) -> tuple[str, list[str]]:
    result = merge_text(base.encode(), ours.encode(), theirs.encode(), "teams/checkout.yaml", **kw)  # type: ignore[arg-type]
    assert result.semantic, "fell back to git's line merge"
    return result.text.decode(), [c.describe() for c in result.conflicts]


def git_line_merge_conflicts(base: str, ours: str, theirs: str, tmp: Path) -> bool:
    for name, text in (("b", base), ("o", ours), ("t", theirs)):
        (tmp / name).write_text(text)
    return subprocess.run(["git", "merge-file", "-p", "o", "b", "t"], cwd=tmp, capture_output=True).returncode != 0


ASSUMPTION = "      - text: {text}\n        kind: viability\n        risk: low\n"


# -- opportunities: nodes ------------------------------------------------------------------


def test_opportunities_added_on_both_sides_are_both_kept(tmp_path: Path) -> None:
    at = TEAM.index("\nroadmap:")
    ours = TEAM[:at] + "  - id: slow-3ds\n    title: 3-D Secure is slow\n" + TEAM[at:]
    theirs = TEAM[:at] + "  - id: no-wallet\n    title: No wallet payments\n    parent: mobile-friction\n" + TEAM[at:]
    assert git_line_merge_conflicts(TEAM, ours, theirs, tmp_path)  # git alone conflicts here
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert (
        "    parent: mobile-friction\n"
        "  - id: slow-3ds\n    title: 3-D Secure is slow\n"
        "  - id: no-wallet\n    title: No wallet payments\n    parent: mobile-friction\n\nroadmap:"
    ) in text


def test_the_same_new_opportunity_id_with_different_content_is_a_conflict() -> None:
    at = TEAM.index("\nroadmap:")
    ours = TEAM[:at] + "  - id: slow-3ds\n    title: 3-D Secure is slow\n" + TEAM[at:]
    theirs = TEAM[:at] + "  - id: slow-3ds\n    title: Banks time out\n" + TEAM[at:]
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == [
        "slow-3ds: mine {id: slow-3ds, title: 3-D Secure is slow}, theirs {id: slow-3ds, title: Banks time out}"
    ]
    assert "<<<<<<< ours\n  - id: slow-3ds\n    title: 3-D Secure is slow\n=======\n" in text


def test_opportunity_fields_merge_field_by_field_and_links_as_sets() -> None:
    ours = TEAM.replace(
        "    outcomes: [conversion]\n  - id: card", "    outcomes: [conversion, retention]\n  - id: card"
    )
    ours = ours.replace("    opportunities: [card-reentry]\n", "    opportunities: [card-reentry, slow-3ds]\n")
    theirs = TEAM.replace("    title: Buying on a phone is hard\n", "    title: Phones make buying hard\n")
    theirs = theirs.replace("    parent: mobile-friction\n", "    parent: mobile-friction\n    status: addressed\n")
    theirs = theirs.replace("    opportunities: [card-reentry]\n", "    opportunities: [card-reentry, no-wallet]\n")
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert "    title: Phones make buying hard\n    outcomes: [conversion, retention]\n" in text
    assert "    parent: mobile-friction\n    status: addressed\n" in text
    assert "    opportunities: [card-reentry, slow-3ds, no-wallet]\n" in text


def test_a_parent_set_differently_on_both_sides_is_a_conflict_naming_both() -> None:
    ours = TEAM.replace("    parent: mobile-friction\n", "    parent: slow-checkout\n")
    theirs = TEAM.replace("    parent: mobile-friction\n", "    parent: trust\n")
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == ["card-reentry.parent: mine 'slow-checkout', theirs 'trust'"]
    assert "<<<<<<< ours\n    parent: slow-checkout\n=======\n    parent: trust\n>>>>>>> theirs\n" in text


def test_an_opportunity_removed_on_one_side_and_changed_on_the_other_is_a_conflict() -> None:
    gone = TEAM.replace(
        "  - id: card-reentry\n    title: Returning buyers re-type card details\n    parent: mobile-friction\n", ""
    )
    changed = TEAM.replace("    title: Returning buyers re-type card details\n", "    title: Card re-entry\n")
    text, conflicts = merge(TEAM, gone, changed)
    assert conflicts == ["card-reentry: mine (removed), theirs changed"]
    # Untouched on the other side: removed.
    text, conflicts = merge(TEAM, gone, TEAM.replace("horizon: now", "horizon: next"))
    assert conflicts == [] and "card-reentry\n    title" not in text and "horizon: next" in text


# -- assumptions: matched by their text ----------------------------------------------------------


def test_an_assumption_result_changed_differently_on_both_sides_is_a_conflict_naming_both_values() -> None:
    ours = TEAM.replace("result: untested", "result: refuted")
    theirs = TEAM.replace("result: untested", "result: supported").replace("horizon: now", "horizon: next")
    text, conflicts = merge(TEAM, ours, theirs)
    # Named as `edit set` takes it: the item, the assumption's number (from 1), the field.
    assert conflicts == ["one-click-pay.assumptions.1.result: mine 'refuted', theirs 'supported'"]
    assert (
        "        risk: high\n<<<<<<< ours\n        result: refuted\n=======\n        result: supported\n"
        ">>>>>>> theirs\n      - text: Tokenisation is fast enough\n"
    ) in text
    assert "horizon: next" in text  # everything else merged
    settled, _ = merge(TEAM, ours, theirs, prefer="theirs")
    assert "result: supported" in settled and "<<<" not in settled


def test_the_same_result_on_both_sides_is_taken_once() -> None:
    both = TEAM.replace("result: untested", "result: refuted")
    text, conflicts = merge(TEAM, both, both.replace("horizon: now", "horizon: next"))
    assert conflicts == [] and text.count("result: refuted") == 1 and "horizon: next" in text


def test_assumptions_added_and_results_changed_on_both_sides_all_survive(tmp_path: Path) -> None:
    ours = TEAM.replace("result: untested", "result: running") + ASSUMPTION.format(text="Ours")
    theirs = TEAM.replace("        risk: medium\n", "        risk: medium\n        result: supported\n")
    theirs += ASSUMPTION.format(text="Theirs")
    assert git_line_merge_conflicts(TEAM, ours, theirs, tmp_path)
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert text == TEAM.replace("result: untested", "result: running").replace(
        "        risk: medium\n", "        risk: medium\n        result: supported\n"
    ) + ASSUMPTION.format(text="Ours") + ASSUMPTION.format(text="Theirs")
    # The comment over the first assumption stays with it.
    assert "      # the one that could sink it\n      - text: Buyers trust us" in text


def test_an_assumption_removed_on_one_side() -> None:
    start = TEAM.index("      - text: Tokenisation")
    removed = TEAM[:start]
    # Untouched on the other side: removed, and the other side's change kept.
    text, conflicts = merge(TEAM, removed, TEAM.replace("result: untested", "result: running"))
    assert conflicts == [] and "Tokenisation" not in text and "result: running" in text
    # Changed on the other side: a conflict, the assumption named by its number.
    changed = TEAM.replace("        risk: medium\n", "        risk: high\n")
    text, conflicts = merge(TEAM, removed, changed.replace("result: untested", "result: running"))
    assert conflicts == ["one-click-pay.assumptions.2: mine (removed), theirs changed"]
    assert "result: running" in text


def test_one_new_assumption_text_with_different_fields_is_a_conflict() -> None:
    ours = TEAM + ASSUMPTION.format(text="Banks allow it")
    theirs = TEAM + ASSUMPTION.format(text="Banks allow it").replace("risk: low", "risk: high")
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == ["one-click-pay.assumptions.3.risk: mine 'low', theirs 'high'"] or conflicts == [
        "one-click-pay.assumptions.3: mine {text: Banks allow it, kind: viability, risk: low}, "
        "theirs {text: Banks allow it, kind: viability, risk: high}"
    ]
    assert "<<<<<<< ours" in text
    same, conflicts = merge(TEAM, ours, ours)
    assert conflicts == [] and same.count("Banks allow it") == 1


def test_both_sides_start_an_opportunities_list_and_both_are_kept() -> None:
    base = (
        "id: checkout\nname: Checkout\noutcomes:\n  - id: conv\n    title: C\n\nroadmap:\n  - id: pay\n    title: Pay\n"
    )
    ours = base.replace("\nroadmap:", "\nopportunities:\n  - id: a\n    title: A\n\nroadmap:")
    theirs = base.replace("\nroadmap:", "\nopportunities:\n  - id: b\n    title: B\n\nroadmap:")
    text, conflicts = merge(base, ours, theirs)
    assert conflicts == []
    assert "\nopportunities:\n  - id: b\n    title: B\n  - id: a\n    title: A\n\nroadmap:\n" in text
