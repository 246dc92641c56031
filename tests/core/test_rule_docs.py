"""Every rule documents itself in one structure (the source of explain, docs/rules.md and SARIF's help)."""

from __future__ import annotations

import pytest

from trioboard.core.rules import RULES
from trioboard.core.rules.base import DOC_PARTS, RuleDoc


@pytest.mark.parametrize("name", list(RULES))
def test_every_rule_has_every_part(name: str) -> None:
    rule = RULES[name]
    assert rule.doc.startswith(f"{name}: "), "the docstring starts with the rule's name"
    parts = rule.parts
    assert parts.summary and parts.finds and parts.why and parts.fix and parts.silence
    assert "`off`" in parts.silence or "cannot be silenced" in parts.silence
    assert ("cannot be silenced" in parts.silence) == rule.structural
    for label in DOC_PARTS:
        assert f"\n\n{label}: " in rule.doc


def test_a_missing_part_reads_as_empty() -> None:
    parts = RuleDoc.parse("x: finds x.\n\nWhat it finds.\n\nWhy it matters: because.\n")
    assert (parts.summary, parts.finds, parts.why, parts.fix, parts.silence) == (
        "finds x.",
        "What it finds.",
        "because.",
        "",
        "",
    )
