"""The rule registry, and running every rule under a board's policy."""

from __future__ import annotations

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Finding, Severity
from trioboard.core.model import Board
from trioboard.core.rules import (
    blocked_item,
    blocked_team,
    broken_dependency,
    dependency_cycle,
    duplicate_id,
    impact_mismatch,
    impact_unreviewed,
    incomplete_trio,
    no_expected_impact,
    no_touchpoint,
    orphan_evidence,
    parse_error,
    personal_data,
    refuted_assumption,
    schedule_conflict,
    schema,
    stale_measure,
    trio_not_in_discovery,
    unevidenced_opportunity,
    unknown_ref,
    unlinked_item,
    unlinked_outcome,
    unmeasured_outcome,
    unsupported_goal,
    untested_assumption,
    wip_limit,
)
from trioboard.core.rules.base import Rule

RULES: dict[str, Rule] = {
    module.RULE.name: module.RULE
    for module in (
        parse_error,
        schema,
        duplicate_id,
        unknown_ref,
        dependency_cycle,
        broken_dependency,
        unlinked_item,
        unlinked_outcome,
        unsupported_goal,
        blocked_team,
        blocked_item,
        schedule_conflict,
        incomplete_trio,
        wip_limit,
        unmeasured_outcome,
        stale_measure,
        no_expected_impact,
        impact_unreviewed,
        impact_mismatch,
        # SPEC 11: evidence, the trio's cadence and assumptions, in the order of its table.
        no_touchpoint,
        trio_not_in_discovery,
        unevidenced_opportunity,
        untested_assumption,
        refuted_assumption,
        personal_data,
        orphan_evidence,
    )
}
"""Every rule by name, in the order of SPEC section 4, then section 10's, then section 11's."""

RULE_NAMES = frozenset(RULES)


def severity_of(rule: Rule, board: Board) -> Severity | None:
    """The rule's severity under the board's policy; None when it is off."""
    chosen = board.policy.severity.get(rule.name)
    if chosen is None and rule.off_by_default:
        return None
    if chosen is None or rule.structural:
        # A policy cannot turn a structural rule below error; schema reports the attempt.
        return rule.default
    if chosen == "off":
        return None
    return Severity(chosen)


def run_rules(board: Board, analysis: Analysis) -> list[Finding]:
    """Every finding on the board, in file order."""
    findings = []
    for rule in RULES.values():
        severity = severity_of(rule, board)
        if severity is None:
            continue
        for draft in rule.check(board, analysis):
            findings.append(
                Finding(
                    rule.name,
                    severity,
                    draft.message,
                    draft.pos.file,
                    draft.pos.line,
                    draft.pos.column,
                    draft.ids,
                )
            )
    findings.sort(key=Finding.sort_key)
    return findings


STRUCTURAL_RULES = frozenset(name for name, rule in RULES.items() if rule.structural)
"""The rules a policy cannot set below error."""
