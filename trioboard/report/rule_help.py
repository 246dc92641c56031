"""A rule's explanation as a person reads it: `trioboard explain`, docs/rules.md and SARIF's help.

One text, made from the rule module's docstring (`Rule.parts`), so the
three never disagree.
"""

from __future__ import annotations

from trioboard.core.rules.base import Rule


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def severity_line(rule: Rule) -> str:
    """`Default severity: warning.`, saying when a policy cannot lower it, or how to turn it on."""
    line = f"Default severity: {rule.default_level}."
    if rule.off_by_default:
        line += f" Turn it on in board.yaml: `policy: {{severity: {{{rule.name}: {rule.default.value}}}}}`."
    if rule.structural:
        line += " A policy cannot set it below error."
    return line


def rule_markdown(rule: Rule, heading: str = "##") -> str:
    """The whole explanation in Markdown, under a `heading` naming the rule."""
    doc = rule.parts
    return "\n\n".join(
        (
            f"{heading} {rule.name}",
            _sentence(doc.summary),
            severity_line(rule),
            doc.finds,
            f"**Why it matters:** {_sentence(doc.why)}",
            f"**How to fix:** {_sentence(doc.fix)}",
            f"**How to silence:** {_sentence(doc.silence)}",
        )
    )


def rule_text(rule: Rule) -> str:
    """The explanation for a terminal: the same text, without Markdown's heading and emphasis."""
    doc = rule.parts
    return "\n\n".join(
        (
            f"{rule.name}: {doc.summary}",
            severity_line(rule),
            doc.finds,
            f"Why it matters: {_sentence(doc.why)}",
            f"How to fix: {_sentence(doc.fix)}",
            f"How to silence: {_sentence(doc.silence)}",
        )
    )
